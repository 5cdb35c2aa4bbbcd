using System.Globalization;
using PhpSerializer;
using PhpShmCompat.Redis;
using StackExchange.Redis;

// dotnet run --project samples/RemoteSegment -- REDIS SEGMENT_KEY
//
// On the segment's host, first:  phpshm mirror SEGMENT_KEY --sem SEGMENT_KEY --redis REDIS
// This program (anywhere that reaches Redis) reads every variable PHP keeps there, increments
// variable 1 as a counter through the mirror (under PHP's semaphore, on the segment's host),
// and prints the changes it sees for five seconds.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: RemoteSegment REDIS_CONFIG SEGMENT_KEY (decimal or 0x hex)");
    return 2;
}
int key = args[1].StartsWith("0x", StringComparison.OrdinalIgnoreCase)
    ? (int)uint.Parse(args[1][2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
    : int.Parse(args[1], CultureInfo.InvariantCulture);

using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(args[0]);
using var segment = new PhpRedisSegment(redis, key);

Console.WriteLine($"{segment.Keys.Segment}, version {await segment.GetVersionAsync()}");
foreach ((long varKey, byte[] raw) in await segment.GetAllRawAsync())
    Console.WriteLine($"  [{varKey}] {PhpSerialization.Unserialize(raw)}");

long counter = await segment.GetAsync<long>(1);
try
{
    await segment.PutAsync(1, counter + 1);      // answered once the mirror applied and published it
    Console.WriteLine($"variable 1: {counter} -> {await segment.GetAsync<long>(1)}");
}
catch (PhpRemoteWriteException e)
{
    Console.WriteLine($"not written: {e.Message}");
}

using var watching = new CancellationTokenSource(TimeSpan.FromSeconds(5));
try
{
    await foreach (PhpSegmentChange change in segment.WatchAsync(watching.Token))
        Console.WriteLine($"version {change.Version}: put [{string.Join(' ', change.Written)}] removed [{string.Join(' ', change.Removed)}]");
}
catch (OperationCanceledException)
{
}
return 0;
