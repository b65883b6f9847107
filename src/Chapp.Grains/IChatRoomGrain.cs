namespace Chapp.Grains;

/// <summary>
/// A chat room or private conversation. It numbers each accepted message, stores it durably and only then
/// publishes it on the room's stream (<see cref="ChappNames.RoomStreamNamespace"/>, keyed by the room id).
/// Get one with <see cref="ChappGrainFactoryExtensions.GetRoom"/>.
/// </summary>
[Alias("Chapp.IChatRoomGrain")]
public interface IChatRoomGrain : IGrainWithStringKey
{
    /// <summary>Creates the room; when it exists already, returns it unchanged.</summary>
    [Alias("Create")]
    Task<RoomInfo> Create(string name, RoomKind kind, string createdBy, IReadOnlyList<string> members);

    /// <summary>
    /// Creates the group conversation this grain's id (<see cref="GroupRooms.NewRoomId"/>) names, of
    /// <paramref name="createdBy"/> and <paramref name="members"/> (3 to 20 people with accounts), and adds it to each
    /// member's room list. The same creator calling again (a form sent twice) gets the group unchanged; anyone else is
    /// refused.
    /// </summary>
    [Alias("CreateGroup")]
    Task<RoomInfo> CreateGroup(string name, string createdBy, IReadOnlyList<string> members);

    /// <summary>A member of a group adds people to it (up to 20 in all); returns the room as it is now.</summary>
    [Alias("AddMembers")]
    Task<RoomInfo> AddMembers(string by, IReadOnlyList<string> userNames);

    /// <summary>
    /// <paramref name="userName"/> leaves the room: out of their room list and, for a group, out of its members (no
    /// more reading, posting or live messages). Refused like a missing room for someone who cannot see it.
    /// </summary>
    [Alias("Leave")]
    Task Leave(string userName);

    /// <summary>Someone who may post here sets the topic ("" clears it); returns the room as it is now.</summary>
    [Alias("SetTopic")]
    Task<RoomInfo> SetTopic(string by, string topic);

    /// <summary>The room, or null when it was never created.</summary>
    [Alias("GetInfo")]
    Task<RoomInfo?> GetInfo();

    /// <summary>
    /// A feed of this room opened in <paramref name="process"/> (the silo it is co-hosted with) and subscribed to the
    /// room stream. From a process other than this activation's, every batch goes on the stream from now on, for this
    /// activation's life (<see cref="IRoomStreamAudience"/>). Called by the web side's feeds, never with user input.
    /// </summary>
    [Alias("ListenFrom")]
    Task ListenFrom(SiloAddress process);

    /// <summary>
    /// Validates, numbers, stores and publishes a message and returns it as stored. The same
    /// <paramref name="clientMessageId"/> from the same author returns the first stored message and stores nothing.
    /// </summary>
    [Alias("Post")]
    Task<ChatMessage> Post(string author, string authorName, string text, string clientMessageId);

    /// <summary>
    /// <paramref name="author"/> changes the text of their message <paramref name="seq"/>, within
    /// <see cref="RoomOptions.EditWindow"/> of sending it and unless it was deleted. Returns the stored
    /// <see cref="RoomEventKind.Edit"/> row; the same text again stores nothing and returns the message.
    /// </summary>
    [Alias("Edit")]
    Task<ChatMessage> Edit(string author, long seq, string text);

    /// <summary>
    /// <paramref name="author"/> deletes their message <paramref name="seq"/>: it stays as a placeholder without text or
    /// reactions. Returns the stored <see cref="RoomEventKind.Delete"/> row; deleting again stores nothing.
    /// </summary>
    [Alias("Delete")]
    Task<ChatMessage> Delete(string author, long seq);

    /// <summary>
    /// <paramref name="user"/> adds (<paramref name="on"/>) or takes back a reaction <paramref name="emoji"/> on message
    /// <paramref name="seq"/>. Returns the stored <see cref="RoomEventKind.Reaction"/> row, whose
    /// <see cref="ChatMessage.AuthorName"/> is <paramref name="userDisplayName"/> (the reactor's, so every client learns it
    /// from the event itself; the user name when absent); a toggle that changes nothing stores nothing and returns the message.
    /// </summary>
    [Alias("React")]
    Task<ChatMessage> React(string user, long seq, string emoji, bool on, string? userDisplayName = null);

    /// <summary>The latest <paramref name="count"/> messages (no event rows) in their current state, oldest first.</summary>
    [Alias("GetLatest")]
    Task<IReadOnlyList<ChatMessage>> GetLatest(string reader, int count);

    /// <summary>Up to <paramref name="count"/> messages (no event rows) just before <paramref name="beforeSeq"/>, oldest first.</summary>
    [Alias("GetBefore")]
    Task<IReadOnlyList<ChatMessage>> GetBefore(string reader, long beforeSeq, int count);

    /// <summary>
    /// Up to <paramref name="count"/> rows just after <paramref name="afterSeq"/>, messages and events, oldest first:
    /// what a client missed, gap-free.
    /// </summary>
    [Alias("GetAfter")]
    Task<IReadOnlyList<ChatMessage>> GetAfter(string reader, long afterSeq, int count);

    /// <summary>
    /// Up to <paramref name="count"/> messages around <paramref name="seq"/> (it, about half before and the rest
    /// after), oldest first: what a search result opens on.
    /// </summary>
    [Alias("GetAround")]
    Task<IReadOnlyList<ChatMessage>> GetAround(string reader, long seq, int count);
}
