using System.Buffers.Text;
using System.Text;

namespace PhpShmCompat.IpcWorker;

/// <summary>
/// counter semKey shmKey varKey iterations lock goQueueKey holdMicros: the C# side of the cross-language
/// mutual-exclusion test. Prints "ready", waits for a type-1 message on the go queue (so all
/// processes start together), then does read-increment-write cycles on an int variable, with
/// the PHP-compatible semaphore held around each cycle when lock is 1. Between the read and the
/// write it sleeps holdMicros (libc usleep, like PHP's usleep) to stand for real work. Prints "done errors".
/// </summary>
internal static class CounterCommand
{
    internal static int Run(string[] args)
    {
        int semKey = Arg.Int(args[0]);
        int shmKey = Arg.Int(args[1]);
        long varKey = Arg.Long(args[2]);
        int iterations = Arg.Int(args[3]);
        // lock: 0 none, 1 PhpSemaphore around raw shm calls, 2 the PhpLockedSegment.Update convenience.
        int lockMode = Arg.Int(args[4]);
        bool locked = lockMode != 0;
        using var go = PhpMessageQueue.Get(Arg.Int(args[5]));
        uint holdMicros = (uint)Arg.Int(args[6]);
        using var sem = PhpSemaphore.Get(semKey);
        using var shm = PhpSharedMemory.Attach(shmKey);

        Arg.Say("ready");
        go.Receive(1);
        if (lockMode == 2) return RunConvenience(new PhpLockedSegment(shm, sem), varKey, iterations, holdMicros);

        int errors = 0;
        Span<byte> text = stackalloc byte[32];
        for (int i = 0; i < iterations; i++)
        {
            if (locked) sem.Acquire();
            try
            {
                byte[]? raw = shm.GetRaw(varKey);
                if (raw is null && locked) throw new InvalidOperationException($"variable {varKey} vanished while the lock was held");
                long value = raw is null ? 0 : ParseInt(raw);
                if (holdMicros > 0) NativeSleep.Micros(holdMicros);
                int n = Write(value + 1, text);
                shm.PutRaw(varKey, text[..n]);
            }
            catch (Exception ex) when (!locked && ex is PhpIpcException or FormatException)
            {
                errors++; // without the lock, torn reads are expected
            }
            finally
            {
                if (locked) sem.Release();
            }
        }
        Arg.Say("done " + errors);
        return 0;
    }

    private static int RunConvenience(PhpLockedSegment segment, long varKey, int iterations, uint holdMicros)
    {
        for (int i = 0; i < iterations; i++)
        {
            segment.Update<long>(varKey, v =>
            {
                if (holdMicros > 0) NativeSleep.Micros(holdMicros);
                return v + 1;
            });
        }
        Arg.Say("done 0");
        return 0;
    }

    /// <summary>Parses PHP's serialized int <c>i:N;</c>.</summary>
    private static long ParseInt(ReadOnlySpan<byte> raw)
    {
        if (raw.Length < 4 || raw[0] != (byte)'i' || raw[1] != (byte)':' ||
            !Utf8Parser.TryParse(raw[2..], out long value, out int used) || raw.Length < 3 + used || raw[2 + used] != (byte)';')
            throw new FormatException("not a serialized int: " + Encoding.Latin1.GetString(raw));
        return value;
    }

    private static int Write(long value, Span<byte> dest)
    {
        "i:"u8.CopyTo(dest);
        Utf8Formatter.TryFormat(value, dest[2..], out int n);
        dest[2 + n] = (byte)';';
        return n + 3;
    }
}
