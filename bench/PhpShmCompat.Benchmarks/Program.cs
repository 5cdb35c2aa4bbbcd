using PhpShmCompat.Benchmarks;
using PhpShmCompat.Benchmarks.Compare;

// compare  -> the side-by-side Stopwatch runner used by bench/compare.sh
// bdn ...  -> BenchmarkDotNet (per-op time and allocations); any other arguments go to BenchmarkDotNet too.
return args is ["compare", .. var rest] ? CompareCommand.Run(rest) : BdnCommand.Run(args is ["bdn", .. var bdn] ? bdn : args);
