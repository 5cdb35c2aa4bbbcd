using PhpSerializer;
using PhpShmCompat;

namespace StateReader;

/// <summary>
/// What a .NET service beside PHP workers typically reads: one field of a big state array, in a
/// loop; every variable of a segment once; and jobs from a queue. All through one reused
/// <see cref="PhpDocument"/> each, so nothing is allocated per read.
/// </summary>
public static class StateReads
{
    /// <summary>
    /// <c>shm_get_var($shm, $varKey)['jobs_done']</c>, <paramref name="reads"/> times, with one
    /// reused document. Returns the last value and the bytes this thread allocated after the
    /// first read (0 once the document's pooled memory is big enough).
    /// </summary>
    public static (long JobsDone, long AllocatedBytes) PollJobsDone(PhpSharedMemory shm, long varKey, int reads)
    {
        using PhpDocument state = PhpDocument.Create();
        long jobsDone = 0;
        long before = 0;
        for (int i = 0; i < reads; i++)
        {
            if (i == 1) before = GC.GetAllocatedBytesForCurrentThread();
            if (!shm.TryGetDocument(varKey, state)) throw new KeyNotFoundException($"variable {varKey} is not in the segment");
            jobsDone = state.RootElement["jobs_done"].GetInt64();
        }
        return (jobsDone, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>
    /// One pass over every variable (one snapshot of the segment, walked once): the sum of the
    /// <c>load</c> field of the variables that are worker records (arrays with a <c>worker</c> key).
    /// </summary>
    public static (int Workers, double TotalLoad) SumWorkerLoad(PhpSharedMemory shm)
    {
        var total = new Totals();
        shm.ForEach(total, static (_, element, t) =>
        {
            if (element.Kind == PhpValueKind.Array && element.TryGetValue("worker", out PhpElement _))
            {
                t.Workers++;
                t.Load += element["load"].GetDouble();
            }
        });
        return (total.Workers, total.Load);
    }

    /// <summary>
    /// <c>msg_receive(..., unserialize: true)</c> into one reused document until
    /// <paramref name="count"/> jobs arrived or <paramref name="cancellationToken"/> fires (the
    /// wait sleeps in the kernel and wakes at once on cancellation); returns the jobs' ids.
    /// </summary>
    public static List<long> ReceiveJobIds(PhpMessageQueue queue, int count, CancellationToken cancellationToken)
    {
        using PhpDocument job = PhpDocument.Create();
        var ids = new List<long>(count);
        while (ids.Count < count)
        {
            queue.ReceiveDocument(job, desiredType: 1, cancellationToken: cancellationToken);
            ids.Add(job.RootElement["id"].GetInt64());
        }
        return ids;
    }

    private sealed class Totals
    {
        public int Workers;
        public double Load;
    }
}
