namespace Hotline.Server.WebContacts;

/// <summary>The contact page's script and style, served from this server (the CSP allows nothing else).</summary>
internal static class ContactAssets
{
    /// <summary>Sends the form as JSON, shows the reference, or marks the field the server named and focuses it.</summary>
    public const string Script = """
        "use strict";
        document.addEventListener("DOMContentLoaded", () => {
          const form = document.getElementById("contact-form");
          const status = document.getElementById("contact-status");
          if (!form || !status) return;
          const clearErrors = () => {
            for (const error of form.querySelectorAll(".error")) { error.hidden = true; error.textContent = ""; }
            for (const field of form.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
          };
          form.addEventListener("submit", async (event) => {
            event.preventDefault();
            clearErrors();
            const data = new FormData(form);
            const text = (name) => { const v = data.get(name); return typeof v === "string" && v.trim() !== "" ? v.trim() : null; };
            const body = {
              message: text("message"), motive: text("motive"), relation: text("relation"), ageBand: text("ageBand"),
              postalCode: text("postalCode"), phone: text("phone"), email: text("email"),
              messageAllowed: text("messageAllowed") === null ? null : text("messageAllowed") === "true",
              callbackWindow: text("callbackWindow"), acknowledged: data.get("acknowledged") === "true",
              language: text("language"), website: text("website"), formToken: text("formToken"),
            };
            const button = form.querySelector("button[type=submit]");
            button.disabled = true;
            status.textContent = form.dataset.sending;
            try {
              const response = await fetch("/api/public/contact", {
                method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), credentials: "omit",
              });
              const answer = await response.json().catch(() => null);
              if (response.status === 202 && answer) {
                form.reset();
                for (const part of form.querySelectorAll(".field, fieldset, .hp, button")) part.hidden = true;
                status.textContent = form.dataset.sent + answer.reference;
                status.focus();
                return;
              }
              // Refused before the body is read (flood, size): the page's own language, not the server's title.
              if (response.status === 429 || response.status === 413) {
                status.textContent = response.status === 429 ? form.dataset.busy : form.dataset.tooLong;
                status.focus();
                return;
              }
              const errors = answer && answer.errors ? answer.errors : {};
              let first = null;
              for (const [field, messages] of Object.entries(errors)) {
                const error = document.getElementById(field + "-error");
                const input = document.getElementById(field);
                if (error) { error.textContent = messages.join(" "); error.hidden = false; }
                if (input) { input.setAttribute("aria-invalid", "true"); first = first || input; }
              }
              status.textContent = (answer && answer.title) || form.dataset.failed;
              if (first) {
                const focusable = first.matches("fieldset") ? first.querySelector("input") : first;
                if (focusable) focusable.focus();
              }
            } catch {
              status.textContent = form.dataset.failed;
            } finally {
              button.disabled = false;
            }
          });
        });
        """;

    public const string Style = """
        *, *::before, *::after { box-sizing: border-box; }
        body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 1rem; line-height: 1.5; color: #1b1b1b; background: #fff; }
        .top { display: flex; flex-wrap: wrap; justify-content: space-between; gap: .5rem; padding: .75rem 1rem; background: #000091; color: #fff; }
        .top__name { margin: 0; font-weight: 700; }
        .top__lang { color: #fff; }
        main { max-width: 42rem; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.5rem; line-height: 1.25; }
        h2 { font-size: 1.2rem; margin-top: 1.5rem; }
        .urgent { border-left: .3rem solid #ce0500; padding: .25rem 1rem; background: #fff4f3; }
        fieldset { border: 1px solid #929292; border-radius: .25rem; margin: 1rem 0; padding: .5rem 1rem 1rem; min-width: 0; }
        legend { font-weight: 700; padding: 0 .25rem; }
        .field { margin: 1rem 0; }
        label { display: block; font-weight: 600; }
        .choice label, .field--check label { display: inline; font-weight: 400; }
        .choice { margin: .35rem 0; display: flex; gap: .5rem; align-items: flex-start; }
        .field--check { display: flex; gap: .5rem; align-items: flex-start; flex-wrap: wrap; }
        input[type=radio], input[type=checkbox] { width: 1.25rem; height: 1.25rem; margin-top: .15rem; flex: none; }
        input:not([type=radio]):not([type=checkbox]), select, textarea { width: 100%; max-width: 100%; font: inherit; padding: .5rem; border: 1px solid #666; border-radius: .25rem; background: #fff; color: inherit; }
        :focus-visible { outline: 3px solid #0a76f6; outline-offset: 2px; }
        .hint { margin: .25rem 0; color: #3a3a3a; font-size: .9rem; }
        .error { color: #ce0500; font-weight: 600; margin: .25rem 0; }
        [aria-invalid=true] { border-color: #ce0500; border-width: 2px; }
        .button { font: inherit; font-weight: 700; padding: .75rem 1.25rem; border: 0; border-radius: .25rem; background: #000091; color: #fff; cursor: pointer; }
        .button:disabled { background: #666; }
        .status { font-weight: 700; margin: 1rem 0; }
        .hp { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
        """;
}
