using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Hotline.Server.Data.Migrations
{
    /// <summary>
    /// The audit trail is enforced by the database, not by the application's good behaviour. The retention is
    /// stored here (written by the <c>migrate</c> command, which runs as the owner role); the purge is a
    /// SECURITY DEFINER function of the owner that computes its own cutoff from it, so the application role
    /// (no DELETE on audit_entries) can purge expired entries and nothing else. The trigger lets a DELETE through
    /// only for an entry past that retention, whoever asks: the former session flag anyone could set is gone.
    /// </summary>
    public partial class AuditRetentionInDatabase : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE audit_settings (
                    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                    retention interval NOT NULL CHECK (retention >= interval '30 days' AND retention <= interval '1096 days')
                );
                INSERT INTO audit_settings (retention) VALUES (interval '365 days');

                DROP FUNCTION audit_purge(timestamptz);

                CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql
                SET search_path = pg_catalog, pg_temp AS $$
                BEGIN
                    IF TG_OP = 'DELETE' THEN
                        IF OLD.at < now() - (SELECT retention FROM public.audit_settings) THEN
                            RETURN OLD;
                        END IF;
                    END IF;
                    RAISE EXCEPTION 'audit_entries is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
                END $$;

                CREATE FUNCTION audit_purge() RETURNS integer LANGUAGE plpgsql SECURITY DEFINER
                SET search_path = pg_catalog, pg_temp AS $$
                DECLARE purged integer;
                BEGIN
                    DELETE FROM public.audit_entries WHERE at < now() - (SELECT retention FROM public.audit_settings);
                    GET DIAGNOSTICS purged = ROW_COUNT;
                    RETURN purged;
                END $$;
                REVOKE ALL ON FUNCTION audit_purge() FROM PUBLIC;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION audit_purge();
                CREATE OR REPLACE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' AND current_setting('hotline.audit_purge', true) = 'on' THEN
                        RETURN OLD;
                    END IF;
                    RAISE EXCEPTION 'audit_entries is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
                END $$;
                CREATE FUNCTION audit_purge(cutoff timestamptz) RETURNS integer LANGUAGE plpgsql AS $$
                DECLARE purged integer;
                BEGIN
                    PERFORM set_config('hotline.audit_purge', 'on', true);
                    DELETE FROM audit_entries WHERE at < cutoff;
                    GET DIAGNOSTICS purged = ROW_COUNT;
                    PERFORM set_config('hotline.audit_purge', 'off', true);
                    RETURN purged;
                END $$;
                DROP TABLE audit_settings;
                """);
        }
    }
}
