using Chapp.Grains;
using Chapp.Silo.Streams;
using Chapp.Web.Chat.Users;
using Chapp.Web.Chat.Presence;
using Chapp.Web.Chat.Rooms;
using Chapp.Web.Chat.Typing;
using Chapp.Web.Search;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Chapp.Web.Hosting;

/// <summary>Real-time chat: the SignalR hub and the stream-to-SignalR delivery around it.</summary>
public static class ChatHostingExtensions
{
    /// <summary>Adds SignalR, room subscriptions, presence reporting and their options.</summary>
    public static IHostApplicationBuilder AddChappChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeliveryOptions>().Bind(builder.Configuration.GetSection(DeliveryOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSignalR();
        builder.Services.AddSingleton<RoomSubscriptions>();
        // The room grains hosted in this process hand what they store straight to its feeds (the silo's default does nothing).
        builder.Services.Replace(ServiceDescriptor.Singleton<ILocalRoomDelivery>(services => services.GetRequiredService<RoomSubscriptions>().LocalDelivery));
        // Its stream subscribers are these feeds, so another process listens only as another silo (the default assumes anyone may).
        builder.Services.Replace(ServiceDescriptor.Singleton<IRoomStreamAudience, MembershipStreamAudience>());
        builder.Services.AddSingleton<TypingGate>();
        builder.Services.AddSingleton<TypingRelay>();
        builder.Services.AddSingleton<UserFeeds>();
        builder.Services.AddSingleton<InboxActivity>();
        builder.Services.AddSingleton<DisplayNames>();
        builder.Services.AddSingleton<PresenceReporter>();
        builder.Services.AddSingleton<LocalPresence>();
        builder.Services.AddSingleton<MessageSearch>();
        builder.Services.AddHostedService(services => services.GetRequiredService<PresenceReporter>());
        builder.Services.AddHostedService<SubscriptionRepair>();
        return builder;
    }
}
