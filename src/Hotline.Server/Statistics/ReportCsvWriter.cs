using System.Globalization;
using CsvHelper;
using Hotline.Server.Referrals;

namespace Hotline.Server.Statistics;

/// <summary>A report as CSV (CsvHelper): ";" separated, French headers, the JSON rows then the total; suppressed counts "&lt; 5".</summary>
public static class ReportCsvWriter
{
    public const string Suppressed = "< 5";

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static string FileName(StatisticsReport report) =>
        $"statistiques-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}-{report.GroupBy.ToString().ToLowerInvariant()}"
        + (report.Departement is null ? "" : $"-{report.Departement}") + ".csv";

    public static IReadOnlyList<string> Headers { get; } =
    [
        "Clé", "Libellé", "Appels présentés", "Appels répondus", "Appels abandonnés", "Niveau de service (%)",
        "Délai moyen de réponse (s)", "Taux d’abandon (%)", "Durée moyenne de traitement (s)", "Orientations",
        "Orientations en retard", "Délai médian d’accusé de réception (h)",
        .. Enum.GetValues<ReferralState>().Select(state => $"Orientations {StateLabel(state)}"),
    ];

    public static byte[] Write(StatisticsReport report)
    {
        using var stream = new MemoryStream();
        var options = CsvWriterOptions.Default with
        {
            Separator = ';',
            WriteByteOrderMark = true,
            Injection = CsvInjection.Escape,
        };
        using (var writer = CsvWriter.Create(stream, options, leaveOpen: true))
        {
            writer.WriteHeader([.. Headers]);
            foreach (var row in report.Rows.Append(report.Total))
            {
                writer.WriteRecord(Cells(row));
            }
        }

        return stream.ToArray();
    }

    public static string[] Cells(ReportRow row) =>
    [
        row.Key,
        row.Label,
        Count(row.Offered),
        Count(row.Answered),
        Count(row.Abandoned),
        Number(row.ServiceLevelPercent),
        Number(row.AverageSpeedOfAnswerSeconds),
        Number(row.AbandonRatePercent),
        Number(row.AverageHandleTimeSeconds),
        Count(row.Referrals),
        Count(row.ReferralsOverdue),
        Number(row.MedianHoursToAcknowledge),
        .. row.ReferralsByState.Select(state => Count(state.Count)),
    ];

    private static string Count(int? count) => count?.ToString(CultureInfo.InvariantCulture) ?? Suppressed;

    /// <summary>French decimals (a comma), as a French spreadsheet reads them; empty when there is nothing to show.</summary>
    private static string Number(double? value) => value?.ToString("0.#", French) ?? "";

    private static string StateLabel(ReferralState state) => state switch
    {
        ReferralState.Sent => "envoyées",
        ReferralState.Acknowledged => "reçues",
        ReferralState.InFollowUp => "en suivi",
        ReferralState.Closed => "clôturées",
        ReferralState.Redirected => "réorientées",
        _ => "rappelées",
    };
}
