namespace Chapp.Silo.Schema;

/// <summary>
/// What the installer expects of one database engine: how to list its tables and its other objects (triggers,
/// indexes), the tables its version-1 script makes, and what its additions script makes.
/// </summary>
internal sealed record SchemaEngine(string ListTables, string[] Tables, string[] AddedTables, string ListObjects, string[] AddedObjects);
