using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Spectre.Console;

namespace PhpShm.Cli;

/// <summary>
/// Where a command writes: raw bytes (serialized data, var_dump, message payloads), UTF-8
/// text, Spectre.Console tables and indented JSON, all on the same stdout in order.
/// </summary>
internal sealed class Output : IDisposable
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Stream _stdout;
    private readonly StreamWriter _text;
    private IAnsiConsole? _console;

    public Output(Stream stdout)
    {
        _stdout = stdout;
        _text = new StreamWriter(stdout, Utf8NoBom, bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\n" };
    }

    /// <summary>Text output (UTF-8, \n line ends).</summary>
    public TextWriter Text => _text;

    /// <summary>A Spectre console over <see cref="Text"/>: colours only on a terminal, wide tables when redirected.</summary>
    public IAnsiConsole Console => _console ??= CreateConsole();

    /// <summary>The table border: rounded on a terminal, plain ASCII when redirected (greppable).</summary>
    public TableBorder Border => System.Console.IsOutputRedirected ? TableBorder.Ascii : TableBorder.Rounded;

    /// <summary>Flush text after every write (for displays that redraw while the command runs).</summary>
    public bool AutoFlush
    {
        get => _text.AutoFlush;
        set => _text.AutoFlush = value;
    }

    /// <summary>Writes raw bytes after flushing pending text.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        _text.Flush();
        _stdout.Write(bytes);
    }

    /// <summary>Writes one indented JSON document (and a newline) produced by <paramref name="write"/>.</summary>
    public void WriteJson(Action<Utf8JsonWriter> write)
    {
        _text.Flush();
        using (var json = new Utf8JsonWriter(_stdout, JsonOptions))
        {
            write(json);
        }
        _stdout.Write("\n"u8);
    }

    /// <summary>Writes one compact JSON document on one line and flushes (for line-by-line consumers such as <c>watch --json</c>).</summary>
    public void WriteJsonLine(Action<Utf8JsonWriter> write)
    {
        _text.Flush();
        using (var json = new Utf8JsonWriter(_stdout, JsonOptions with { Indented = false }))
        {
            write(json);
        }
        _stdout.Write("\n"u8);
        _stdout.Flush();
    }

    /// <summary>Deeper than the serializer's 4096-level limit plus the document's own wrapping levels.</summary>
    public const int MaxJsonDepth = 4200;

    /// <summary>JSON writer options: indented, non-ASCII text kept readable (only what JSON requires is escaped).</summary>
    public static JsonWriterOptions JsonOptions { get; } = new()
    {
        Indented = true,
        MaxDepth = MaxJsonDepth,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };

    private IAnsiConsole CreateConsole()
    {
        bool redirected = System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Out = new AnsiConsoleOutput(_text),
            Interactive = InteractionSupport.No,
        });
        if (redirected) console.Profile.Width = 240;
        return console;
    }

    public void Dispose()
    {
        _text.Flush();
        _text.Dispose();
        _stdout.Flush();
    }
}
