namespace PhpShmCompat.Tests.Shmop;

public class ShmopModesAndPermissionsTests
{
    [Theory]
    [InlineData("a", ShmopMode.Access)]
    [InlineData("c", ShmopMode.Create)]
    [InlineData("w", ShmopMode.Write)]
    [InlineData("n", ShmopMode.CreateNew)]
    public void PhpLettersRoundTrip(string letter, ShmopMode mode)
    {
        Assert.Equal(mode, ShmopModes.FromPhpLetter(letter));
        Assert.Equal(letter[0], mode.ToPhpLetter());
    }

    [Theory]
    [InlineData("")]
    [InlineData("A")]
    [InlineData("cw")]
    [InlineData("x")]
    [InlineData(null)]
    public void BadLettersAreRefused(string? letter)
    {
        Assert.False(ShmopModes.TryFromPhpLetter(letter, out _));
        if (letter is not null) Assert.Throws<ArgumentException>(() => ShmopModes.FromPhpLetter(letter));
    }

    [Theory]
    [InlineData("0600", 0x180)]
    [InlineData("600", 0x180)]
    [InlineData("0o660", 0x1B0)]
    [InlineData("0666", 0x1B6)]
    [InlineData("0", 0)]
    [InlineData("777", 0x1FF)]
    public void OctalStringsParse(string text, int mode) => Assert.Equal(mode, IpcPermissions.Parse(text).Mode);

    [Theory]
    [InlineData("1000")]
    [InlineData("0800")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("-600")]
    public void BadOctalStringsAreRefused(string text) => Assert.Throws<FormatException>(() => IpcPermissions.Parse(text));

    [Fact]
    public void DefaultIsOwnerOnlyAndFlagBitsAreRefused()
    {
        Assert.Equal(IpcPermissions.OwnerOnly, IpcPermissions.Default);
        Assert.Equal("0600", IpcPermissions.Default.ToString());
        Assert.Equal(0x1B0, IpcPermissions.FromUnixFileMode(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite).Mode);
        Assert.Throws<ArgumentOutOfRangeException>(() => IpcPermissions.FromMode(0x200)); // IPC_CREAT
        Assert.Throws<ArgumentOutOfRangeException>(() => IpcPermissions.FromMode(-1));
    }
}
