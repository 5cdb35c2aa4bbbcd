namespace PhpShmCompat.Hosting.Tests;

/// <summary>Failure counts keyed by type and bytes, bounded in size.</summary>
public sealed class DeliveryTrackerTests
{
    [Fact]
    public void CountsPerTypeAndBytesAndForgets()
    {
        var tracker = new DeliveryTracker();
        var a = new PhpMessage(1, [1, 2, 3]);
        Assert.Equal(0, tracker.Failures(a));
        Assert.Equal(1, tracker.RecordFailure(a));
        Assert.Equal(2, tracker.RecordFailure(new PhpMessage(1, [1, 2, 3]))); // same type and bytes: the same message
        Assert.Equal(1, tracker.RecordFailure(new PhpMessage(2, [1, 2, 3]))); // another type
        Assert.Equal(1, tracker.RecordFailure(new PhpMessage(1, [1, 2, 4]))); // other bytes
        tracker.Forget(a);
        Assert.Equal(0, tracker.Failures(a));
    }

    [Fact]
    public void KeepsAtMostItsCapacityForgettingTheOldestFirst()
    {
        var tracker = new DeliveryTracker();
        var first = new PhpMessage(1, BitConverter.GetBytes(-1));
        tracker.RecordFailure(first);
        for (int i = 0; i < DeliveryTracker.Capacity; i++) tracker.RecordFailure(new PhpMessage(1, BitConverter.GetBytes(i)));
        Assert.Equal(0, tracker.Failures(first));
        Assert.Equal(1, tracker.Failures(new PhpMessage(1, BitConverter.GetBytes(DeliveryTracker.Capacity - 1))));
    }
}
