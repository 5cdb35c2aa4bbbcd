namespace PhpShmCompat.Hosting;

/// <summary>
/// Failed deliveries per message, for <see cref="PhpMessageProcessorOptions.MaxDeliveryAttempts"/>.
/// A message sent back keeps its type and bytes (nothing can be added to it without changing what
/// PHP reads), so a message is known by exactly those: identical messages share one count. Counts
/// are this processor's own (another worker that takes the message does not see them) and at most
/// <see cref="Capacity"/> are kept, the oldest forgotten first.
/// </summary>
internal sealed class DeliveryTracker
{
    internal const int Capacity = 10_000;

    private readonly object _gate = new();
    private readonly Dictionary<Identity, int> _failures = new(IdentityComparer.Instance);
    private readonly Queue<Identity> _order = new();

    /// <summary>Failures recorded so far for this message.</summary>
    internal int Failures(PhpMessage message)
    {
        lock (_gate) return _failures.GetValueOrDefault(new Identity(message.Type, message.Payload));
    }

    /// <summary>Records one more failure; returns the count.</summary>
    internal int RecordFailure(PhpMessage message)
    {
        var id = new Identity(message.Type, message.Payload);
        lock (_gate)
        {
            int n = _failures.GetValueOrDefault(id) + 1;
            if (n == 1)
            {
                if (_order.Count >= Capacity && _order.TryDequeue(out Identity oldest)) _failures.Remove(oldest);
                _order.Enqueue(id);
            }
            _failures[id] = n;
            return n;
        }
    }

    /// <summary>Forgets a message (handled or dead-lettered).</summary>
    internal void Forget(PhpMessage message)
    {
        lock (_gate) _failures.Remove(new Identity(message.Type, message.Payload));
        // its entry in _order is skipped when it comes up (Remove of a missing key does nothing)
    }

    private readonly record struct Identity(long Type, byte[] Payload);

    private sealed class IdentityComparer : IEqualityComparer<Identity>
    {
        internal static readonly IdentityComparer Instance = new();

        public bool Equals(Identity x, Identity y) => x.Type == y.Type && x.Payload.AsSpan().SequenceEqual(y.Payload);

        public int GetHashCode(Identity id)
        {
            var hash = new HashCode();
            hash.Add(id.Type);
            hash.AddBytes(id.Payload);
            return hash.ToHashCode();
        }
    }
}
