using Microsoft.Data.Sqlite;

namespace Chapp.Silo.Storage;

/// <summary>
/// Copies the SQLite write-ahead log back into the database file on its own thread, so that no commit pays for it.
/// SQLite's automatic checkpoint runs inside the commit that takes the log past 1,000 pages: one message commit in a
/// few hundred waited for it. The writer turns that off and calls <see cref="Committed"/> after each commit; this runs a
/// passive checkpoint (it waits for no reader or writer) at most once per interval, and only after commits, so an
/// idle server never wakes for it. A passive checkpoint runs beside the writer, and the log starts over only when a
/// commit begins with every frame copied; back-to-back commits can keep that from happening, so when the log has
/// grown to 1,000 pages anyway the writer checkpoints once itself (<see cref="WriterMustCheckpoint"/>), as SQLite
/// would have. Durability does not depend on it: a commit is durable once its log frames are
/// synced, and a checkpoint cut short by a crash is redone by SQLite on the next open.
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    /// <summary>At most one checkpoint per second: the log holds a second of commits, a few hundred pages at most.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);

    /// <summary>The log size at which SQLite's automatic checkpoint would run, and the writer's own one does.</summary>
    public const int MaxLogPages = 1000;

    private readonly string _connectionString;
    private readonly TimeSpan _interval;
    private readonly SemaphoreSlim _work = new(0);
    private readonly ManualResetEventSlim _stopping = new();
    private readonly Thread _thread;
    private int _signalled;
    private int _writerMustCheckpoint;

    public SqliteCheckpointer(string connectionString, TimeSpan interval)
    {
        _connectionString = connectionString;
        _interval = interval;
        _thread = new Thread(Run) { IsBackground = true, Name = "Chapp SQLite checkpointer" };
        _thread.Start();
    }

    /// <summary>Checkpoints run this process made.</summary>
    public long Checkpoints { get; private set; }

    /// <summary>
    /// True once when a checkpoint found the log at <see cref="MaxLogPages"/> or more: the commits came too close
    /// together for the log to start over, so the writer should checkpoint between two commits.
    /// </summary>
    public bool WriterMustCheckpoint() => Interlocked.Exchange(ref _writerMustCheckpoint, 0) == 1;

    /// <summary>Tells the checkpointer the log grew; returns at once.</summary>
    public void Committed()
    {
        if (Interlocked.Exchange(ref _signalled, 1) == 0)
        {
            _work.Release();
        }
    }

    /// <summary>Stops the thread after a last checkpoint.</summary>
    public void Dispose()
    {
        if (_stopping.IsSet)
        {
            return;
        }

        _stopping.Set();
        _work.Release();
        _thread.Join();
        Checkpoint();
        _work.Dispose();
        _stopping.Dispose();
    }

    private void Run()
    {
        for (;;)
        {
            _work.Wait();
            if (_stopping.IsSet)
            {
                return;
            }

            Volatile.Write(ref _signalled, 0);
            Checkpoint();
            // Commits during the pause set the signal again; the next checkpoint takes them all.
            if (_stopping.Wait(_interval))
            {
                return;
            }
        }
    }

    private void Checkpoint()
    {
        try
        {
            using var connection = new SqliteConnection(_connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            using var result = command.ExecuteReader();
            // One row: busy, frames in the log, frames copied.
            if (result.Read() && result.GetInt64(1) >= MaxLogPages)
            {
                Volatile.Write(ref _writerMustCheckpoint, 1);
            }

            Checkpoints++;
        }
        catch (SqliteException)
        {
            // The log stays valid and readable; the next commit asks again.
        }
    }
}
