using Hotline.Server.Audit;
using Hotline.Server.Calls;
using Hotline.Server.Compliance;
using Hotline.Server.WebContacts;
using Hotline.Server.LiveConsole;
using Hotline.Server.Data;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.Hosting;
using Hotline.Server.Hosting.Telemetry;
using Hotline.Server.Identity;
using Hotline.Server.Referrals;
using Hotline.Server.Statistics;
using Hotline.Server.Telephony;
using Hotline.Server.Triage;

var builder = WebApplication.CreateBuilder(args);

builder.AddHosting();
builder.AddTelemetry();
builder.AddData();
builder.AddIdentity();
builder.AddCalls();
builder.AddTelephony();
builder.AddConsole();
builder.AddTriage();
builder.AddReferrals();
builder.AddAudit();
builder.AddCompliance();
builder.AddDirectory();
builder.AddContact();
builder.AddStatistics();
builder.AddApiDocument();
builder.WithoutStartupWorkAtBuildTime();

var app = builder.Build();

if (args.Contains("migrate", StringComparer.OrdinalIgnoreCase))
{
    // Production applies migrations with an explicit command, never at start-up.
    return await app.MigrateDatabaseAsync();
}

if (args.Contains(FirstAdmin.Command, StringComparer.OrdinalIgnoreCase))
{
    return await app.CreateFirstAdminAsync(args);
}

app.UseHosting();
app.UseConsoleApp();
app.UseIdentity();

app.MapHealth();
app.MapMetricsNotServedHere();
app.MapIdentity();
app.MapTelephony();
app.MapConsole();
app.MapTriage();
app.MapReferrals();
app.MapCompliance();
app.MapDirectory();
app.MapContact();
app.MapStatistics();
app.MapApiDocument();
app.MapConsoleApp();

app.Run();
return 0;

public partial class Program;
