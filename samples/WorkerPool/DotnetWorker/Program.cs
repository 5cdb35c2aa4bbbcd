using Microsoft.Extensions.Hosting;
using WorkerPool;

// dotnet run --project DotnetWorker -- --WorkerPool:Name=dotnet-1   (from samples/WorkerPool, after php master.php)
using var host = WorkerHost.CreateBuilder(args).Build();
await host.RunAsync();
