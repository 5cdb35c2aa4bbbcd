namespace PhpSerializer.Tests.Mapping;

/// <summary>An exception thrown by the caller's own code while a value is read is the caller's: it propagates once, as thrown.</summary>
public class CallerExceptionTests
{
    [PhpClass("Strict")]
    public sealed class Strict
    {
        public static int SetterCalls;

        private int _n;

        public int N
        {
            get => _n;
            set
            {
                Interlocked.Increment(ref SetterCalls);
                if (value < 0) throw new InvalidOperationException("N must not be negative");
                _n = value;
            }
        }
    }

    [Fact]
    public void AThrowingSetterIsNotRetriedOnAnotherPath()
    {
        Strict.SetterCalls = 0;
        var e = Assert.Throws<InvalidOperationException>(() => PhpSerialization.Deserialize<Strict>("O:6:\"Strict\":1:{s:1:\"N\";i:-1;}"u8));
        Assert.Equal("N must not be negative", e.Message);
        Assert.Equal(1, Strict.SetterCalls);
        Assert.Equal(5, PhpSerialization.Deserialize<Strict>("O:6:\"Strict\":1:{s:1:\"N\";i:5;}"u8)!.N);
    }
}
