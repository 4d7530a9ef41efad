using System.Globalization;

namespace Hotline.Server.ServiceDirectory;

/// <summary>The charter columns of the directory CSV.</summary>
public static partial class DirectoryCsv
{
    /// <summary>The charter of a row: null when its cells are all empty.</summary>
    private static ProtocolDto? Protocol(Func<string, string?> cell, long line, List<ImportError> errors)
    {
        if (ProtocolColumns.All(c => string.IsNullOrWhiteSpace(cell(c))))
        {
            return null;
        }

        DateOnly? Date(string column)
        {
            var text = cell(column)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            errors.Add(new ImportError(line, column, "Date attendue au format 2026-01-31."));
            return null;
        }

        return new ProtocolDto(
            Date("protocol_signed_on"),
            cell("protocol_prefect"),
            cell("protocol_mayor"),
            cell("protocol_prosecutor"),
            Boolean(cell("protocol_direct"), "protocol_direct", line, errors),
            List(cell("protocol_purposes")),
            Date("protocol_review_on"));
    }
}
