namespace PhpShmCompat.Waiting;

/// <summary>
/// Runs a cancellable blocking System V wait: on the calling thread (synchronous forms) or on a
/// dedicated <see cref="WaitThreads"/> thread (asynchronous forms). The thread sleeps in the
/// kernel; cancellation interrupts it through an <see cref="InterruptibleCall"/>.
/// </summary>
internal static class KernelWait
{
    /// <summary>Runs <paramref name="wait"/> on the calling thread with an interruptible call linked to the token.</summary>
    internal static T Run<T>(Func<InterruptibleCall, T> wait, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        WakeSignal.UnblockOnThisThread();
        using var call = new InterruptibleCall(cancellationToken);
        return wait(call);
    }

    /// <summary>
    /// Runs <paramref name="wait"/> on a dedicated thread; the task completes with its result, its
    /// exception, or as cancelled when it throws <see cref="OperationCanceledException"/>.
    /// Continuations run on the thread pool, never on the waiting thread.
    /// </summary>
    internal static Task<T> RunAsync<T>(Func<InterruptibleCall, T> wait, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<T>(cancellationToken);
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var call = new InterruptibleCall(cancellationToken);
        WaitThreads.Run(() =>
        {
            T result;
            try
            {
                result = wait(call);
            }
            catch (OperationCanceledException)
            {
                call.Dispose();
                completion.TrySetCanceled(cancellationToken);
                return;
            }
            catch (Exception ex)
            {
                call.Dispose();
                completion.TrySetException(ex);
                return;
            }
            call.Dispose();
            completion.TrySetResult(result);
        });
        return completion.Task;
    }
}
