using SharpFuzz;

namespace PhpShmCompat.Fuzz;

/// <summary>
/// Entry point. <c>PhpShmCompat.Fuzz TARGET</c> runs TARGET under AFL++ (SharpFuzz out-of-process
/// mode); <c>PhpShmCompat.Fuzz TARGET --libfuzzer</c> under libFuzzer (libfuzzer-dotnet);
/// <c>PhpShmCompat.Fuzz TARGET --replay FILE|DIR...</c> runs inputs directly (reproduce a crash,
/// check a corpus). Targets: unserialize, segment, message.
/// </summary>
internal static class Program
{
    private static readonly IFuzzTarget[] Targets = [new UnserializeTarget(), new SegmentTarget(), new MessageTarget()];

    private static int Main(string[] args)
    {
        IFuzzTarget? target = args.Length > 0 ? Array.Find(Targets, t => t.Name == args[0]) : null;
        if (target is null)
        {
            Console.Error.WriteLine("usage: PhpShmCompat.Fuzz unserialize|segment|message [--libfuzzer | --replay FILE|DIR...]");
            return 2;
        }
        if (args.Length > 1 && args[1] == "--replay") return Replay(target, args[2..]);
        if (args.Length > 1 && args[1] == "--libfuzzer")
        {
            Fuzzer.LibFuzzer.Run(span => target.Run(span));
            return 0;
        }
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var ms = new MemoryStream();
            stream.CopyTo(ms);
            target.Run(ms.GetBuffer().AsSpan(0, (int)ms.Length));
        });
        return 0;
    }

    private static int Replay(IFuzzTarget target, string[] paths)
    {
        int runs = 0, crashes = 0;
        foreach (string path in paths)
        {
            IEnumerable<string> files = Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories) : [path];
            foreach (string file in files)
            {
                runs++;
                try
                {
                    target.Run(File.ReadAllBytes(file));
                }
                catch (Exception e)
                {
                    crashes++;
                    Console.WriteLine($"CRASH {file}: {e}");
                }
            }
        }
        Console.WriteLine($"{target.Name}: {runs} input(s), {crashes} crash(es)");
        return crashes == 0 ? 0 : 1;
    }
}
