namespace PhpShmCompat.Tests;

public class ExceptionTests
{
    [Theory]
    [InlineData(2, typeof(PhpIpcNotFoundException))]
    [InlineData(43, typeof(PhpIpcNotFoundException))]
    [InlineData(13, typeof(PhpIpcPermissionException))]
    [InlineData(17, typeof(PhpIpcExistsException))]
    [InlineData(22, typeof(PhpIpcException))]
    public void FromErrnoPicksTheSpecificType(int errno, Type expected)
    {
        var ex = PhpIpcException.FromErrno("shmget", 0x1234, errno);
        Assert.Equal(expected, ex.GetType());
        Assert.Equal(errno, ex.Errno);
        Assert.Contains("shmget failed for key 0x00001234", ex.Message);
    }

    [Fact]
    public void NegativeKeysPrintAsUnsigned32BitHex()
        => Assert.Equal("0xfedcba98", PhpIpcException.FormatKey(unchecked((int)0xFEDCBA98)));
}
