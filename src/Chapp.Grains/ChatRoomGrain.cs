using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Streams;

namespace Chapp.Grains;

/// <summary>
/// A room: validates posts and the events that change messages (edit, delete, reaction), numbers them without
/// gaps, appends them to the room log in group commits, then publishes them on the room stream. Keeps the latest
/// rows in memory so live reads and resumes rarely touch the database.
/// </summary>
/// <remarks>
/// Reentrant so that posts arriving while a commit is in flight queue up and go to the log together in the
/// next commit; all state is touched only on the grain's own turn, and the commit loop is the one writer.
/// </remarks>
[Reentrant]
public sealed partial class ChatRoomGrain : Grain, IChatRoomGrain
{
    /// <summary>How many recent messages stay in memory; at least one full history page.</summary>
    internal const int CacheSize = ChatRules.MaxPageSize;

    private readonly IPersistentState<ChatRoomState> _state;
    private readonly IMessageLog _log;
    private readonly TimeProvider _clock;
    private readonly ILogger<ChatRoomGrain> _logger;
    private readonly RoomOptions _options;
    private readonly ILocalRoomDelivery _local;
    private readonly IRoomStreamAudience _audience;
    private readonly SiloAddress _silo;

    // The newest held is _lastSeq once anything is stored.
    private readonly RecentMessages _recent = new(CacheSize);
    private List<PendingChange> _pending = [];
    private List<PendingChange> _spare = [];
    private bool _committing;
    private Task? _creating;

    // Set when a commit failed: the log may hold that batch or not, so the next commit first reads back what it holds.
    private bool _resyncNeeded;
    private long _lastSeq;
    private string _roomId = string.Empty;
    private IAsyncStream<ChatMessage>? _stream;
    // The room's side stream, where its description changes go (beside presence and typing; see IRoomSideEvent).
    private IAsyncStream<IRoomSideEvent>? _changes;

    // Reentrant: one state write at a time, or two interleaved writes would race on the etag.
    private readonly SemaphoreSlim _writes = new(1, 1);

    /// <summary>Created by Orleans.</summary>
    public ChatRoomGrain(
        [PersistentState("room", ChappNames.GrainStorage)] IPersistentState<ChatRoomState> state,
        IMessageLog log,
        TimeProvider clock,
        IOptions<RoomOptions> options,
        ILocalRoomDelivery local,
        IRoomStreamAudience audience,
        ILocalSiloDetails silo,
        ILogger<ChatRoomGrain> logger)
    {
        _local = local;
        _audience = audience;
        _silo = silo.SiloAddress;
        _state = state;
        _log = log;
        _clock = clock;
        _logger = logger;
        _options = options.Value;
    }

    /// <inheritdoc />
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _roomId = ChappGrainFactoryExtensions.StripPrefix(this.GetPrimaryKeyString(), ChappGrainFactoryExtensions.RoomKeyPrefix);
        _stream = this.GetStreamProvider(ChappNames.StreamProvider)
            .GetStream<ChatMessage>(StreamId.Create(ChappNames.RoomStreamNamespace, _roomId));
        _changes = RoomSideStream.Of(this.GetStreamProvider(ChappNames.StreamProvider), _roomId);

        if (!_state.RecordExists && _roomId == ChappNames.LobbyRoomId)
        {
            await CreateState("Lobby", RoomKind.Public, "system", []);
        }

        var latest = await _log.ReadTailAsync(_roomId, CacheSize, cancellationToken);
        _recent.Add(latest);
        _lastSeq = Math.Max(_state.State.NextSeq - 1, latest.Count > 0 ? latest[^1].Seq : 0);
        ChappMetrics.ActiveRooms.Add(1);
    }

    /// <inheritdoc />
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ChappMetrics.ActiveRooms.Add(-1);
        // What is stored reaches the stream before the activation goes (a publish never throws).
        await _publishing;
        if (_state.RecordExists && _state.State.NextSeq <= _lastSeq)
        {
            await _writes.WaitAsync(cancellationToken);
            try
            {
                _state.State.NextSeq = _lastSeq + 1;
                await _state.WriteStateAsync(cancellationToken);
            }
            finally
            {
                _writes.Release();
            }
        }
    }

    /// <inheritdoc />
    public async Task<RoomInfo> Create(string name, RoomKind kind, string createdBy, IReadOnlyList<string> members)
    {
        name = ChatRules.RoomName(name);
        createdBy = ChatRules.UserName(createdBy);
        List<string> memberList;
        if (kind == RoomKind.Public)
        {
            // Separate key spaces: a public room can never hold the id of somebody's conversation.
            ChatRules.PublicRoomId(_roomId);
            memberList = [];
        }
        else
        {
            memberList = members.Select(ChatRules.UserName).Prepend(createdBy).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (memberList.Count != 2)
            {
                throw new ChatException(ChatErrorCode.Invalid, "A conversation is between two people.");
            }

            if (_roomId != DirectRooms.RoomId(memberList[0], memberList[1]))
            {
                throw new ChatException(ChatErrorCode.Invalid, "A conversation's address is made from its two members' names.");
            }
        }

        // Reentrant: concurrent creators (two people opening their conversation at once, a double-submitted form)
        // share the one in-flight creation instead of each writing state and losing on the etag.
        while (!_state.RecordExists)
        {
            var creation = _creating ??= CreateNew(name, kind, createdBy, memberList);
            try
            {
                await creation;
            }
            finally
            {
                if (ReferenceEquals(_creating, creation))
                {
                    _creating = null;
                }
            }
        }

        if (kind == RoomKind.Private && !IsConversationOf(memberList))
        {
            // Only a room made before public ids were kept out of this key space can get here.
            throw new ChatException(ChatErrorCode.Invalid, "This conversation's address is taken by another room; it cannot be opened.");
        }

        return Info();
    }

    private bool IsConversationOf(List<string> members) =>
        _state.State.Kind == RoomKind.Private
        && _state.State.Members.Count == members.Count
        && members.All(m => _state.State.Members.Contains(m, StringComparer.OrdinalIgnoreCase));

    private async Task CreateNew(string name, RoomKind kind, string createdBy, List<string> members)
    {
        await CreateState(name, kind, createdBy, members);

        if (kind == RoomKind.Public)
        {
            await GrainFactory.GetRoomDirectory().Add(new RoomSummary(_roomId, name));
        }
        else
        {
            // Members see a new conversation in their room list without having to open it first.
            await Task.WhenAll(members.Select(m => GrainFactory.GetUser(m).JoinRoom(_roomId)));
        }
    }

    /// <inheritdoc />
    public Task<RoomInfo?> GetInfo() => Task.FromResult(_state.RecordExists ? Info() : null);

    private async Task CreateState(string name, RoomKind kind, string createdBy, List<string> members)
    {
        _state.State = new ChatRoomState
        {
            Name = name,
            Kind = kind,
            CreatedBy = createdBy,
            CreatedAt = _clock.GetUtcNow(),
            Members = members,
            NextSeq = _lastSeq + 1,
        };
        await _state.WriteStateAsync();
    }

    private void RequireReader(string userName)
    {
        if (!_state.RecordExists)
        {
            throw new ChatException(ChatErrorCode.RoomNotFound, $"There is no room '{_roomId}'.");
        }

        if (_state.State.Kind == RoomKind.Private && !_state.State.Members.Contains(userName, StringComparer.OrdinalIgnoreCase))
        {
            // Word for word what a missing room answers: a conversation's existence is nobody else's business.
            throw new ChatException(ChatErrorCode.RoomNotFound, $"There is no room '{_roomId}'.");
        }
    }

    private RoomInfo Info() => new(_roomId, _state.State.Name, _state.State.Kind, _state.State.CreatedBy,
        _state.State.CreatedAt, _state.State.Members.ToArray(), _lastSeq, _state.State.Topic);
}
