namespace Hotline.Server.Identity;

public static class Roles
{
    public const string Counsellor = nameof(Counsellor);
    public const string Supervisor = nameof(Supervisor);
    /// <summary>Departmental coordinator, scoped to département codes.</summary>
    public const string Coordinator = nameof(Coordinator);
    /// <summary>Member of a municipal cell (CMER), scoped to INSEE commune codes.</summary>
    public const string CommuneCell = nameof(CommuneCell);
    public const string Admin = nameof(Admin);
    /// <summary>The data protection officer: reads the audit trail and the register of the processing; no access to cases.</summary>
    public const string DataProtectionOfficer = nameof(DataProtectionOfficer);

    public static readonly IReadOnlyList<string> All = [Counsellor, Supervisor, Coordinator, CommuneCell, Admin, DataProtectionOfficer];
}

public static class HotlineClaims
{
    /// <summary>A département code the user covers ("13", "2A", "974"): always a string.</summary>
    public const string Departement = "hotline:departement";

    /// <summary>An INSEE commune code the user covers ("13108").</summary>
    public const string Commune = "hotline:commune";
}

public static class Policies
{
    public const string Counsellor = nameof(Counsellor);
    public const string Supervisor = nameof(Supervisor);
    public const string Coordinator = nameof(Coordinator);
    public const string ReferralReader = nameof(ReferralReader);
    public const string Admin = nameof(Admin);

    /// <summary>Reads the audit trail and the register of the processing: admins and the data protection officer.</summary>
    public const string ComplianceReader = nameof(ComplianceReader);

    /// <summary>Reads the service directory and asks routing: counsellors, supervisors, coordinators, admins.</summary>
    public const string DirectoryReader = nameof(DirectoryReader);
}
