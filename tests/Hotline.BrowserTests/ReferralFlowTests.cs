using Hotline.Server.Data;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.Triage;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// Issue 10's flow in real Chromium: three calls go where the charters allow (no CMER → the departmental cell; a direct
/// charter → the CMER of Tarascon; a charter through the préfecture → the departmental cell, which forwards it to the CMER
/// of Miramas with the charter named); each recipient sees exactly what was sent to it; the counsellor sees the feedback.
/// The referrals are sent as the console sends them (HTTP, see <see cref="ReferralSender"/>); the triage form itself is
/// driven in <see cref="TriageTests"/>.
/// </summary>
public sealed class ReferralFlowTests(Chromium chromium) : ConsolePageTest(chromium), IClassFixture<Chromium>
{
    private const string LaRoqueAccount = "Récit de la mère à La Roque-d’Anthéron";
    private const string TarasconAccount = "Récit de la mère à Tarascon";
    private const string MiramasAccount = "Récit de la mère à Miramas";

    [Fact]
    public async Task Three_calls_reach_the_departmental_cell_the_CMER_of_Tarascon_and_via_the_prefecture_the_CMER_of_Miramas_each_sees_its_snapshot_and_the_line_its_feedback()
    {
        // 13640: La Roque-d'Anthéron has no CMER → the departmental cell, which gets the whole account.
        var laRoque = await Server.SendReferralAsync(TriageOutcome.ReferToCommuneCell, "13640", "13084", LaRoqueAccount, consent: false);
        Assert.Equal(ServiceKind.DepartementalCell, laRoque.Referral.ServiceKind);
        Assert.Equal(RoutingReasonCode.NoCommuneCell, laRoque.ReasonCode);
        // 13150, Tarascon: its charter allows the line to send directly; no agreement from the family → the minimum only.
        var tarascon = await Server.SendReferralAsync(TriageOutcome.ReferToCommuneCell, "13150", "13108", TarasconAccount, consent: false);
        Assert.Equal("CMER de Tarascon", tarascon.Referral.ServiceName);
        // Miramas: its charter routes exchanges through the préfecture → the departmental cell, "qui pourra lui transmettre".
        var miramas = await Server.SendReferralAsync(TriageOutcome.ReferToCommuneCell, "13140", "13063", MiramasAccount, consent: true);
        Assert.Equal(ServiceKind.DepartementalCell, miramas.Referral.ServiceKind);
        Assert.Equal(RoutingReasonCode.CommuneCellNoProtocol, miramas.ReasonCode);
        Assert.Contains("qui pourra lui transmettre", miramas.RoutingReason, StringComparison.Ordinal);

        // The departmental cell reads La Roque's account as it was sent.
        var bouches = await InboxPage.SignInAsync(await NewPageAsync(), Server.BaseUrl, "coordinator13");
        await bouches.OpenAsync(laRoque.Referral.Id);
        await Assertions.Expect(bouches.Page.Locator(".referral-situation")).ToContainTextAsync(LaRoqueAccount);
        await Assertions.Expect(bouches.Page.GetByText("aucune cellule municipale ne couvre La Roque-d'Anthéron (13084)")).ToBeVisibleAsync();
        await bouches.ShootAsync("flow-13-la-roque");

        // The CMER of Tarascon: only its referral, and only commune, urgency and purpose.
        var cell = await InboxPage.SignInAsync(await NewPageAsync(), Server.BaseUrl, "cmer-tarascon");
        await Assertions.Expect(cell.Row(tarascon.Referral.Id)).ToBeVisibleAsync();
        await Assertions.Expect(cell.Rows).ToHaveCountAsync(1);
        await cell.OpenAsync(tarascon.Referral.Id);
        await Assertions.Expect(cell.WithheldNotice).ToBeVisibleAsync();
        await Assertions.Expect(cell.Page.GetByText(TarasconAccount)).ToHaveCountAsync(0);
        await cell.ShootAsync("flow-tarascon-minimum");

        // Miramas's cell has nothing yet: the line did not send to it.
        var miramasCell = await InboxPage.SignInAsync(await NewPageAsync(), Server.BaseUrl, "cmer-miramas");
        await Assertions.Expect(miramasCell.EmptyMessage).ToBeVisibleAsync();

        // The departmental cell forwards the Miramas referral to its CMER; the redirection names the charter.
        await bouches.GotoAsync(miramas.Referral.Id);
        await Assertions.Expect(bouches.Page.Locator(".referral-situation")).ToContainTextAsync(MiramasAccount);
        await bouches.RedirectAsync("CMER de Miramas", "Transmission à la CMER selon la charte");
        await Assertions.Expect(bouches.DetailState).ToHaveTextAsync("Réorientée");
        var followOnId = await FollowOnAsync(miramas.Referral.Id);
        await bouches.GotoAsync(followOnId);
        await Assertions.Expect(bouches.Page.GetByText("réorientation depuis", new() { Exact = false })).ToContainTextAsync("charte");
        await bouches.ShootAsync("flow-13-forwarded-to-miramas");

        // The CMER of Miramas receives it live, with the account the family agreed to share, then follows it up and closes it.
        await Assertions.Expect(miramasCell.Row(followOnId)).ToBeVisibleAsync();
        await Assertions.Expect(miramasCell.Rows).ToHaveCountAsync(1);
        await miramasCell.OpenAsync(followOnId);
        await Assertions.Expect(miramasCell.Page.Locator(".referral-situation")).ToContainTextAsync(MiramasAccount);
        await Assertions.Expect(miramasCell.Page.GetByText(LaRoqueAccount)).ToHaveCountAsync(0);
        await miramasCell.Action("Accuser réception").ClickAsync();
        await Assertions.Expect(miramasCell.DetailState).ToHaveTextAsync("Prise en compte");
        await miramasCell.Action("Commencer le suivi").ClickAsync();
        await Assertions.Expect(miramasCell.DetailState).ToHaveTextAsync("En suivi");
        await miramasCell.Action("Clore").ClickAsync();
        await miramasCell.Page.GetByLabel("Motif de clôture").SelectOptionAsync(new SelectOptionValue { Label = "Accompagnement terminé" });
        await miramasCell.Page.GetByRole(AriaRole.Button, new() { Name = "Confirmer la clôture" }).ClickAsync();
        await Assertions.Expect(miramasCell.DetailState).ToHaveTextAsync("Clôturée");
        await miramasCell.ShootAsync("flow-miramas-closed");

        // The counsellor reopens the call: where it is now, its state and closing reason; never the cell's notes.
        var counsellor = await NewPageAsync();
        await counsellor.GotoAsync(Server.BaseUrl + "/");
        await counsellor.GetByLabel("Identifiant").FillAsync("counsellor1");
        await counsellor.GetByLabel("Mot de passe").FillAsync(HotlineAppFactory.DemoPassword);
        await counsellor.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(counsellor.GetByText("Connecté", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await counsellor.GotoAsync(Server.BaseUrl + "/#/console/triage/" + miramas.Referral.CallId);
        var receipt = counsellor.Locator(".routing__receipt");
        await Assertions.Expect(receipt).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(receipt.Locator(".routing__feedback")).ToHaveTextAsync("Clôturée");
        await Assertions.Expect(receipt).ToContainTextAsync("CMER de Miramas");
        await Assertions.Expect(receipt.Locator(".routing__closing")).ToHaveTextAsync("Accompagnement terminé");
        await counsellor.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, "flow-counsellor-feedback.png"), FullPage = true });
    }

    private async Task<Guid> FollowOnAsync(Guid referralId)
    {
        await using var scope = Server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        return await db.Referrals.Where(r => r.Id == referralId).Select(r => r.RedirectedToId!.Value).SingleAsync(TestContext.Current.CancellationToken);
    }
}
