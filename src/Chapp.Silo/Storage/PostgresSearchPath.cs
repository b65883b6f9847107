namespace Chapp.Silo.Storage;

/// <summary>How <see cref="PostgresMessageSearch"/> reads the matches of a search.</summary>
public enum PostgresSearchPath
{
    /// <summary>Chosen per search from the word statistics (<see cref="PostgresWordStatistics"/>).</summary>
    Auto,

    /// <summary>
    /// One GIN scan over all the readable rooms (the room is the index's first column), reading and sorting every
    /// match: cheap when the words are rare, since no other room's matches are read.
    /// </summary>
    AcrossRooms,

    /// <summary>
    /// Per room, its newest rows walked backwards on the (room_id, seq) key until a page of matches: cheap when
    /// the words are common, since only a page's worth is read per room.
    /// </summary>
    PerRoom,
}
