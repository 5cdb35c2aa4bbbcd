using System.Globalization;
using PhpShmCompat.Diagnostics;
using PhpShmCompat.TestSupport;

namespace PhpShmCompat.InteropTests.Faults;

/// <summary>
/// SECURITY.md's safe defaults: every IPC object the library creates without explicit
/// permissions is owner-only (0600), unlike PHP's 0666; explicit permissions are honoured.
/// The kernel's own view (<c>/proc/sysvipc</c>) is the judge, and PHP's default is shown for contrast.
/// </summary>
public class SafeDefaultPermissionTests
{
    [Fact]
    public void ObjectsCreatedWithDefaultPermissionsAreOwnerOnly()
    {
        using var keys = new IpcKeyScope();
        int shmKey = keys.NewKey(), semKey = keys.NewKey(), msgKey = keys.NewKey(), shmopKey = keys.NewKey();
        using var shm = PhpSharedMemory.Attach(shmKey);
        using var sem = PhpSemaphore.Get(semKey);
        using var queue = PhpMessageQueue.Get(msgKey);
        using var shmop = ShmopSegment.Open(shmopKey, "c", size: 100);
        Assert.Equal("600", Perms("shm", shmKey));
        Assert.Equal("600", Perms("sem", semKey));
        Assert.Equal("600", Perms("msg", msgKey));
        Assert.Equal("600", Perms("shm", shmopKey));
    }

    [Fact]
    public void ExplicitPermissionsAreHonouredAndPhpDefaultsTo0666()
    {
        using var keys = new IpcKeyScope();
        int ours = keys.NewKey(), php = keys.NewKey();
        using var shm = PhpSharedMemory.Attach(ours, 1000, IpcPermissions.OwnerAndGroup);
        Assert.Equal("660", Perms("shm", ours));
        PhpRunner.RunCode($"shm_attach({php}, 1000);").EnsureSuccess();
        Assert.Equal("666", Perms("shm", php));
    }

    /// <summary>The permission bits of <paramref name="key"/>'s object as <c>/proc/sysvipc/KIND</c> lists it, in octal.</summary>
    private static string Perms(string kind, int key)
    {
        var table = kind switch { "shm" => SysvIpcTable.Segments(), "msg" => SysvIpcTable.Queues(), _ => SysvIpcTable.SemaphoreSets() };
        SysvIpcRow row = SysvIpcTable.Find(table, key) ?? throw new InvalidOperationException($"no {kind} object with key {key} in /proc/sysvipc/{kind}");
        return Convert.ToString(row.Perms & 0x1FF, 8).PadLeft(3, '0');
    }
}
