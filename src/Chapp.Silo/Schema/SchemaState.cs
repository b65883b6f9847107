namespace Chapp.Silo.Schema;

/// <summary>What <see cref="SchemaInspector"/> found in a database that is Chapp's (or empty).</summary>
internal enum SchemaState
{
    /// <summary>No tables at all: the whole schema is made.</summary>
    Empty,

    /// <summary>Chapp's complete schema of the current version: nothing to do.</summary>
    Complete,

    /// <summary>Complete but for the tables or indexes of <c>*.additions.sql</c>: the additions run again.</summary>
    LacksAdditions,

    /// <summary>A complete database of an older version: upgraded (and given the additions) in one transaction.</summary>
    Outdated,
}
