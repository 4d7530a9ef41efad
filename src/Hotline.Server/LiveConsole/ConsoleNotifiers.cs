using Hotline.Server.Referrals;
using Hotline.Server.Statistics;
using Hotline.Server.Triage;
using Microsoft.AspNetCore.SignalR;

namespace Hotline.Server.LiveConsole;

/// <summary>What the triage and referrals tell the consoles, through the interfaces they declare.</summary>
public sealed class ConsoleNotifiers(IHubContext<ConsoleHub, IConsoleClient> hub) : ISupervisorAlerts, IReferralNotifier, IStatisticsPublisher, ITriageNotifier
{
    /// <summary>The wallboard's figures, to supervisors (coalesced by the statistics tracker).</summary>
    public Task StatisticsChangedAsync(LiveStatistics statistics) =>
        hub.Clients.Group(ConsolePublisher.SupervisorsGroup).StatisticsChanged(statistics);

    /// <summary>To the call's holder (all their tabs) and supervisors: ids and revision only, they reload the triage.</summary>
    public async Task TriageChangedAsync(Guid callId, Guid? holderId, int revision)
    {
        await hub.Clients.Group(ConsolePublisher.SupervisorsGroup).TriageChanged(callId, revision);
        if (holderId is { } holder)
        {
            await hub.Clients.User(holder.ToString()).TriageChanged(callId, revision);
        }
    }

    /// <summary>Not sequenced: an alert is a one-off message, not a state to keep in step.</summary>
    public Task SupervisorAlertAsync(SupervisorAlert alert) =>
        hub.Clients.Group(ConsolePublisher.SupervisorsGroup).SupervisorAlert(alert);

    /// <summary>Not sequenced either: the snapshot lists the open ones, and a client drops those it saw taken in charge.</summary>
    public Task DangerAlertRaisedAsync(DangerAlertView alert) =>
        hub.Clients.Group(ConsolePublisher.SupervisorsGroup).DangerAlertRaised(alert);

    public Task DangerAlertTakenInChargeAsync(DangerAlertTakenInCharge taken) =>
        hub.Clients.Group(ConsolePublisher.SupervisorsGroup).DangerAlertTakenInCharge(taken);

    /// <summary>A new or changed referral, to supervisors and the territory's groups (<see cref="ReferralScope.AudienceOf"/>).</summary>
    public Task ReferralChangedAsync(ReferralCard card, ReferralAudience audience, bool created)
    {
        List<string> groups = [ConsolePublisher.SupervisorsGroup];
        if (audience.DepartementCode is { } departement)
        {
            groups.Add(ConsolePublisher.DepartementGroup(departement));
        }

        if (audience.CommuneCode is { } commune)
        {
            groups.Add(ConsolePublisher.CommuneGroup(commune));
        }

        return created ? hub.Clients.Groups(groups).ReferralCreated(card) : hub.Clients.Groups(groups).ReferralChanged(card);
    }
}
