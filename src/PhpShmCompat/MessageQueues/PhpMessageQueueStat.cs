using System.Globalization;

namespace PhpShmCompat;

/// <summary>
/// The ten fields of PHP's <c>msg_stat_queue()</c>, in PHP's order (<c>struct msqid_ds</c>).
/// Times are Unix seconds (0 = never).
/// </summary>
/// <param name="Uid"><c>msg_perm.uid</c>: owner user id.</param>
/// <param name="Gid"><c>msg_perm.gid</c>: owner group id.</param>
/// <param name="Mode"><c>msg_perm.mode</c>: permission bits.</param>
/// <param name="SendTime"><c>msg_stime</c>: time of the last <c>msgsnd</c>.</param>
/// <param name="ReceiveTime"><c>msg_rtime</c>: time of the last <c>msgrcv</c>.</param>
/// <param name="ChangeTime"><c>msg_ctime</c>: time of the last change.</param>
/// <param name="MessageCount"><c>msg_qnum</c>: messages in the queue.</param>
/// <param name="MaxBytes"><c>msg_qbytes</c>: the most payload bytes the queue may hold.</param>
/// <param name="LastSendPid"><c>msg_lspid</c>: process id of the last sender.</param>
/// <param name="LastReceivePid"><c>msg_lrpid</c>: process id of the last receiver.</param>
public readonly record struct PhpMessageQueueStat(
    long Uid,
    long Gid,
    long Mode,
    long SendTime,
    long ReceiveTime,
    long ChangeTime,
    long MessageCount,
    long MaxBytes,
    long LastSendPid,
    long LastReceivePid)
{
    /// <summary>The fields under PHP's key names, in <c>msg_stat_queue()</c>'s order.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> ToPhpFields() =>
    [
        new("msg_perm.uid", Uid),
        new("msg_perm.gid", Gid),
        new("msg_perm.mode", Mode),
        new("msg_stime", SendTime),
        new("msg_rtime", ReceiveTime),
        new("msg_ctime", ChangeTime),
        new("msg_qnum", MessageCount),
        new("msg_qbytes", MaxBytes),
        new("msg_lspid", LastSendPid),
        new("msg_lrpid", LastReceivePid),
    ];

    /// <summary>One <c>key=value</c> line per field, in PHP's order (handy for comparing with PHP).</summary>
    public string ToPhpText()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var (name, value) in ToPhpFields())
            sb.Append(name).Append('=').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }
}
