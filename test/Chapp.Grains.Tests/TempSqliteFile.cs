namespace Chapp.Grains.Tests;

/// <summary>A SQLite file path in a fresh temp folder, removed with the folder.</summary>
public sealed class TempSqliteFile : IDisposable
{
    private readonly string _folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "chapp-tests", Guid.NewGuid().ToString("N"));

    /// <summary>The database file (not created yet).</summary>
    public string Path => System.IO.Path.Combine(_folder, "chapp.db");

    /// <summary>A connection string to it.</summary>
    public string ConnectionString => $"Data Source={Path};Pooling=True";

    /// <summary>Deletes the folder.</summary>
    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing host; the temp folder is cleaned by the OS.
        }
    }
}
