using System.Text.Json;
using Microsoft.Playwright;

namespace CaseHub.Browser.Tests;

/// <summary>
/// The MIIT 2021 elderly-friendly figures measured in the browser: computed font sizes (text ≥ 20 px, headings
/// ≥ 30 px), line height ≥ 1.3, and every control a finger touches ≥ 60 × 60 px (a radio button by its label).
/// </summary>
public static class ElderlyFigures
{
    private const string Measure = """
        () => {
          const bad = [];
          const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.right > 0 && getComputedStyle(e).visibility !== 'hidden'; };
          const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' "' + (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 30) + '"';
          for (const e of document.querySelectorAll('body *')) {
            if (!visible(e) || ['SCRIPT', 'STYLE'].includes(e.tagName)) continue;
            const ownText = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim().length > 0);
            if (!ownText) continue;
            const s = getComputedStyle(e), size = parseFloat(s.fontSize), lh = parseFloat(s.lineHeight);
            const heading = /^H[1-2]$/.test(e.tagName) || e.closest('h1, h2');
            if (heading && size < 30) bad.push(`heading ${name(e)} ${size}px < 30px`);
            if (size < 20) bad.push(`text ${name(e)} ${size}px < 20px`);
            if (!isNaN(lh) && lh / size < 1.3) bad.push(`line height ${name(e)} ${(lh / size).toFixed(2)} < 1.3`);
          }
          for (const e of document.querySelectorAll('a, button, input:not([type=hidden]), textarea, select')) {
            if (!visible(e)) continue;
            const target = ['radio', 'checkbox'].includes(e.type) ? (e.closest('label') || e) : e;
            const r = target.getBoundingClientRect();
            if (r.width < 60 || r.height < 60) bad.push(`target ${name(e)} ${Math.round(r.width)}x${Math.round(r.height)} < 60x60`);
          }
          return bad;
        }
        """;

    public static async Task AssertAsync(IPage page)
    {
        var bad = await page.EvaluateAsync<string[]>(Measure);
        Assert.True(bad.Length == 0, $"Elderly-friendly figures on {page.Url} ({page.ViewportSize?.Width}x{page.ViewportSize?.Height}):\n" + string.Join("\n", bad.Take(20)));
    }
}
