using System.Globalization;
using System.Net;
using System.Text;

namespace Hotline.Server.WebContacts;

/// <summary>
/// The public contact page, served by the server under the same CSP as the console: no inline script or style, no
/// third party, no cookie (the time-to-submit check rides in a signed hidden field). Works without a mouse and at
/// 320 px wide.
/// </summary>
internal static class ContactPage
{
    public static IResult Render(ContactPageText text, string formToken)
    {
        string E(string value) => WebUtility.HtmlEncode(value);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!doctype html>
            <html lang="{text.Lang}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(text.Title)}</title>
            <link rel="stylesheet" href="/contact/contact.css">
            <script src="/contact/contact.js" defer></script>
            </head>
            <body>
            <header class="top">
            <p class="top__name">{E(text.Title)}</p>
            <a class="top__lang" href="{text.OtherLanguageHref}" lang="{text.OtherLanguageLang}" hreflang="{text.OtherLanguageLang}">{E(text.OtherLanguage)}</a>
            </header>
            <main id="main">
            <h1>{E(text.Title)}</h1>
            <p>{E(text.Intro)}</p>
            <section class="urgent" aria-labelledby="urgent-title">
            <h2 id="urgent-title">{E(text.EmergencyTitle)}</h2>
            <p>{E(text.Emergency)}</p>
            <p>{E(text.Departure)}</p>
            </section>
            <section aria-labelledby="what-title">
            <h2 id="what-title">{E(text.WhatHappensTitle)}</h2>
            <p>{E(text.WhatHappens)}</p>
            <p id="data-notice">{E(text.DataNotice)}</p>
            </section>
            <form id="contact-form" class="form" novalidate data-sending="{E(text.Sending)}" data-sent="{E(text.Sent)}" data-failed="{E(text.Failed)}" data-busy="{E(text.Busy)}" data-too-long="{E(text.TooLong)}">
            <h2>{E(text.FormTitle)}</h2>
            <p>{E(text.Required)}</p>
            <input type="hidden" name="formToken" value="{E(formToken)}">
            <input type="hidden" name="language" value="{text.Lang}">
            """);
        Radios(html, "motive", text.MotiveLegend, ["Question", "Signal", "Urgent"], text.Motives, required: true);
        html.Append(CultureInfo.InvariantCulture, $"""
            <div class="field">
            <label for="message">{E(text.MessageLabel)}</label>
            <p class="hint" id="message-hint">{E(text.MessageHint)}</p>
            <textarea id="message" name="message" rows="8" maxlength="{ContactIntake.MaxMessageLength}" required aria-required="true" aria-describedby="message-hint message-error"></textarea>
            <p class="error" id="message-error" hidden></p>
            </div>
            <fieldset>
            <legend>{E(text.ConcernedLegend)}</legend>
            """);
        Select(html, "relation", text.RelationLabel, Enum.GetNames<ContactRelation>(), text.Relations);
        Select(html, "ageBand", text.AgeLabel, Enum.GetNames<ContactAgeBand>(), text.Ages);
        html.Append(CultureInfo.InvariantCulture, $"""
            <div class="field">
            <label for="postalCode">{E(text.PostalLabel)}</label>
            <p class="hint" id="postalCode-hint">{E(text.PostalHint)}</p>
            <input id="postalCode" name="postalCode" inputmode="numeric" autocomplete="postal-code" maxlength="5" aria-describedby="postalCode-hint postalCode-error">
            <p class="error" id="postalCode-error" hidden></p>
            </div>
            </fieldset>
            <fieldset>
            <legend>{E(text.RecontactLegend)}</legend>
            <p class="hint">{E(text.RecontactHint)}</p>
            <div class="field">
            <label for="phone">{E(text.PhoneLabel)}</label>
            <input id="phone" name="phone" type="tel" autocomplete="tel" aria-describedby="phone-error">
            <p class="error" id="phone-error" hidden></p>
            </div>
            <div class="field">
            <label for="email">{E(text.EmailLabel)}</label>
            <input id="email" name="email" type="email" autocomplete="email" aria-describedby="email-error">
            <p class="error" id="email-error" hidden></p>
            </div>
            """);
        Radios(html, "messageAllowed", text.MessageAllowedLegend, ["true", "false"], text.MessageAllowedChoices, required: false);
        Radios(html, "callbackWindow", text.WindowLegend, Enum.GetNames<Calls.CallbackWindow>(), text.Windows, required: false);
        html.Append(CultureInfo.InvariantCulture, $"""
            </fieldset>
            <div class="hp">
            <label for="website">{E(text.HoneypotLabel)}</label>
            <input id="website" name="website" tabindex="-1" autocomplete="off">
            </div>
            <div class="field field--check">
            <input id="acknowledged" name="acknowledged" type="checkbox" value="true" aria-describedby="data-notice acknowledged-error">
            <label for="acknowledged">{E(text.Acknowledge)}</label>
            <p class="error" id="acknowledged-error" hidden></p>
            </div>
            <p class="error" id="formToken-error" hidden></p>
            <button type="submit" class="button">{E(text.Submit)}</button>
            <p id="contact-status" class="status" role="status" aria-live="polite" tabindex="-1"></p>
            </form>
            </main>
            </body>
            </html>
            """);
        return Results.Content(html.ToString(), "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static void Radios(StringBuilder html, string name, string legend, string[] values, string[] labels, bool required)
    {
        html.Append(CultureInfo.InvariantCulture, $"""<fieldset class="choices" id="{name}" aria-describedby="{name}-error"><legend>{WebUtility.HtmlEncode(legend)}</legend>""");
        for (var i = 0; i < values.Length; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<div class="choice"><input type="radio" id="{name}-{i}" name="{name}" value="{values[i]}"{(required ? " required" : "")}><label for="{name}-{i}">{WebUtility.HtmlEncode(labels[i])}</label></div>""");
        }

        html.Append(CultureInfo.InvariantCulture, $"""<p class="error" id="{name}-error" hidden></p></fieldset>""");
    }

    private static void Select(StringBuilder html, string name, string label, string[] values, string[] labels)
    {
        html.Append(CultureInfo.InvariantCulture, $"""<div class="field"><label for="{name}">{WebUtility.HtmlEncode(label)}</label><select id="{name}" name="{name}" required aria-required="true" aria-describedby="{name}-error"><option value=""></option>""");
        for (var i = 0; i < values.Length; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"""<option value="{values[i]}">{WebUtility.HtmlEncode(labels[i])}</option>""");
        }

        html.Append(CultureInfo.InvariantCulture, $"""</select><p class="error" id="{name}-error" hidden></p></div>""");
    }
}
