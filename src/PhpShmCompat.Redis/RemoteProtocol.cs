using System.Globalization;

namespace PhpShmCompat.Redis;

/// <summary>The fields of request entries and the form of answers, shared by both ends.</summary>
internal static class RemoteProtocol
{
    internal const string Id = "id";
    internal const string Operation = "op";
    internal const string Variable = "var";
    internal const string Value = "value";
    internal const string Put = "put";
    internal const string Remove = "remove";
    internal static readonly TimeSpan ReplyLifetime = TimeSpan.FromMinutes(5);

    /// <summary>An answer as stored and published: <c>status[ message]</c>.</summary>
    internal static string FormatReply(PhpRemoteWriteStatus status, string? message)
        => message is null ? StatusName(status) : StatusName(status) + " " + message;

    internal static (PhpRemoteWriteStatus Status, string? Message) ParseReply(string reply)
    {
        int space = reply.IndexOf(' ', StringComparison.Ordinal);
        string name = space < 0 ? reply : reply[..space];
        string? message = space < 0 ? null : reply[(space + 1)..];
        PhpRemoteWriteStatus status = name switch
        {
            "done" => PhpRemoteWriteStatus.Done,
            "full" => PhpRemoteWriteStatus.Full,
            "invalid" => PhpRemoteWriteStatus.Invalid,
            "not-found" => PhpRemoteWriteStatus.NotFound,
            _ => PhpRemoteWriteStatus.Failed,
        };
        return (status, message ?? (status == PhpRemoteWriteStatus.Failed && name != "failed" ? reply : null));
    }

    internal static string StatusName(PhpRemoteWriteStatus status) => status switch
    {
        PhpRemoteWriteStatus.Done => "done",
        PhpRemoteWriteStatus.Full => "full",
        PhpRemoteWriteStatus.Invalid => "invalid",
        PhpRemoteWriteStatus.NotFound => "not-found",
        _ => "failed",
    };

    internal static bool TryParseVariable(string? text, out long varKey)
        => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out varKey)
           && text == varKey.ToString(CultureInfo.InvariantCulture);
}
