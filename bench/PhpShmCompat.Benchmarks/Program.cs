using PhpShmCompat.Benchmarks;
using PhpShmCompat.Benchmarks.Compare;

// compare  -> the side-by-side Stopwatch runner used by bench/compare.sh (compare-one: one C# row, run by it)
// wait     -> wake-up latency from PHP msg_send to a .NET handler, idle CPU of waiting receivers and LockAsync
// bdn ...  -> BenchmarkDotNet (per-op time and allocations); any other arguments go to BenchmarkDotNet too.
return args is ["compare", .. var rest] ? CompareCommand.Run(rest)
    : args is ["compare-one", .. var one] ? CSharpProcess.RunChild(one)
    : args is ["wait", .. var waitArgs] ? PhpShmCompat.Benchmarks.Waiting.WaitCommand.Run(waitArgs)
    : BdnCommand.Run(args is ["bdn", .. var bdn] ? bdn : args);
