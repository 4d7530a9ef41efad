using System.ComponentModel.DataAnnotations;

namespace Hotline.Server.Data;

public sealed class DataOptions
{
    [Required(ErrorMessage =
        "ConnectionStrings:Hotline is required (env ConnectionStrings__Hotline). ./run.sh sets it to a private PostgreSQL cluster when it is unset.")]
    public string? ConnectionString { get; set; }
}
