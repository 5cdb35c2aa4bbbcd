namespace PhpShmCompat.Redis;

/// <summary>A bridge found messages an earlier run took and never saw confirmed, and sends them again.</summary>
public sealed class PhpBridgeRecoveredEventArgs : EventArgs
{
    /// <summary>Creates the arguments.</summary>
    public PhpBridgeRecoveredEventArgs(int count, int lengthsInferred)
    {
        Count = count;
        LengthsInferred = lengthsInferred;
    }

    /// <summary>How many are sent again (each may be a duplicate at the destination).</summary>
    public int Count { get; }

    /// <summary>
    /// Of those, how many were taken from the queue the instant before the earlier run died, so
    /// that their length was recovered from the payload (exact unless the payload ends in zero bytes).
    /// </summary>
    public int LengthsInferred { get; }
}
