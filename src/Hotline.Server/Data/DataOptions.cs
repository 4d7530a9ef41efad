using System.ComponentModel.DataAnnotations;

namespace Hotline.Server.Data;

public sealed class DataOptions
{
    /// <summary>The application role's connection: reads and writes rows, owns nothing (see <see cref="DatabaseMigrator"/>).</summary>
    [Required(ErrorMessage =
        "ConnectionStrings:Hotline is required (env ConnectionStrings__Hotline). ./run.sh sets it to a private PostgreSQL cluster when it is unset.")]
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The owner role's connection (<c>ConnectionStrings:HotlineOwner</c>), used only by the <c>migrate</c> command
    /// (and Development's start-up migration). Unset: migrations run with <see cref="ConnectionString"/>, and the
    /// database cannot keep the application from editing the audit trail.
    /// </summary>
    public string? OwnerConnectionString { get; set; }
}
