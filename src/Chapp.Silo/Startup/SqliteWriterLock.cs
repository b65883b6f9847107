using System.Globalization;
using System.Text;

namespace Chapp.Silo.Startup;

/// <summary>
/// An exclusive lock on <c>&lt;database&gt;.lock</c> next to a SQLite file, held for the life of the process, so that a
/// second Chapp process on the same file stops at start instead of running a second silo beside the first.
/// </summary>
/// <remarks>
/// The lock is an OS record lock (<see cref="FileStream.Lock"/>, fcntl on Linux): the kernel drops it when the
/// process ends however it ends, so a crash never leaves a stale lock. The file's text names the holder; it is
/// only a note for the message, the lock is what counts.
/// </remarks>
public sealed class SqliteWriterLock : IDisposable
{
    private readonly FileStream _file;

    private SqliteWriterLock(FileStream file) => _file = file;

    /// <summary>Takes the lock for <paramref name="databasePath"/> or throws, naming the process that holds it.</summary>
    /// <exception cref="InvalidOperationException">Another process holds the lock.</exception>
    public static SqliteWriterLock Acquire(string databasePath)
    {
        var lockPath = Path.GetFullPath(databasePath) + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        FileStream? file = null;
        try
        {
            if (OperatingSystem.IsMacOS())
            {
                // No record locks there; .NET's FileShare.None is an exclusive flock, which also ends with the process.
                file = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            else
            {
                file = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
                file.Lock(0, 1);
            }
        }
        catch (IOException)
        {
            var holder = file is null ? string.Empty : ReadHolder(file);
            file?.Dispose();
            throw new InvalidOperationException(
                $"The SQLite database '{Path.GetFullPath(databasePath)}' is in use by another Chapp process" +
                $" ({(holder.Length > 0 ? holder : "holder unknown")}; lock file '{lockPath}'). " +
                "A SQLite database takes one Chapp process: stop the other one, or run several processes on PostgreSQL.");
        }

        var note = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"pid {Environment.ProcessId} on host {Environment.MachineName}, since {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC\n"));
        file.SetLength(0);
        file.Write(note);
        file.Flush(flushToDisk: true);
        return new SqliteWriterLock(file);
    }

    /// <summary>Releases the lock (the OS releases it anyway when the process ends).</summary>
    public void Dispose() => _file.Dispose();

    private static string ReadHolder(FileStream file)
    {
        try
        {
            file.Position = 0;
            using var reader = new StreamReader(file, Encoding.UTF8, leaveOpen: true);
            return reader.ReadToEnd().Trim();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
