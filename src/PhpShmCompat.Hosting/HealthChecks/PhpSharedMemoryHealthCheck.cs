using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PhpShmCompat.Hosting;

/// <summary>
/// Healthy while the sysvshm segment exists, its layout is valid (PHP's header and variable
/// chain, checked read-only) and at most <see cref="MaxFillRatio"/> of it is used; otherwise the
/// registration's failure status. Data: key, bytes used, free and total, fill ratio, problems.
/// </summary>
public sealed class PhpSharedMemoryHealthCheck : IHealthCheck
{
    /// <summary>Checks the segment under <paramref name="segmentKey"/> (decimal, <c>0x</c> hex or <c>ftok:PATH:C</c>).</summary>
    public PhpSharedMemoryHealthCheck(string segmentKey, double maxFillRatio)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(segmentKey);
        if (!(maxFillRatio is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(maxFillRatio), maxFillRatio, "must be between 0 and 1");
        SegmentKey = segmentKey;
        MaxFillRatio = maxFillRatio;
    }

    /// <summary>The key as given.</summary>
    public string SegmentKey { get; }

    /// <summary>The largest healthy share of the segment in use (0..1).</summary>
    public double MaxFillRatio { get; }

    /// <inheritdoc/>
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        HealthStatus failure = context?.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        var data = new Dictionary<string, object> { ["segmentKey"] = SegmentKey, ["maxFillRatio"] = MaxFillRatio };
        if (!IpcKeyParser.TryParse(SegmentKey, out int key, out string? error))
            return Task.FromResult(new HealthCheckResult(failure, error, data: data));
        string hex = IpcKeyParser.Format(key);
        data["segmentKeyHex"] = hex;
        try
        {
            using PhpSharedMemory segment = PhpSharedMemory.Open(key, readOnly: true);
            PhpShmValidationReport report = segment.Validate();
            data["variables"] = report.VariableCount;
            if (!report.IsValid)
            {
                data["problems"] = report.Problems.Select(p => p.ToString()).ToArray();
                return Task.FromResult(new HealthCheckResult(failure, $"segment {hex} is not a valid PHP sysvshm segment: {report.Problems[0]}", data: data));
            }
            PhpShmHeader header = report.Header!.Value;
            long used = header.Total - header.Free;
            double fill = header.Total > 0 ? (double)used / header.Total : 1;
            data["bytesUsed"] = used;
            data["bytesFree"] = header.Free;
            data["bytesTotal"] = header.Total;
            data["fillRatio"] = fill;
            return Task.FromResult(fill > MaxFillRatio
                ? new HealthCheckResult(failure, $"segment {hex} is {fill:P1} full, over the limit of {MaxFillRatio:P1}", data: data)
                : HealthCheckResult.Healthy($"segment {hex} is {fill:P1} full (limit {MaxFillRatio:P1})", data));
        }
        catch (PhpIpcNotFoundException)
        {
            return Task.FromResult(new HealthCheckResult(failure, $"no shared memory segment exists under key {hex}", data: data));
        }
        catch (PhpIpcException ex)
        {
            return Task.FromResult(new HealthCheckResult(failure, $"segment {hex}: {ex.Message}", ex, data));
        }
    }
}
