"""The quality report: what share of the made data survived each gate, per source and flow.

    from core.report.counts import build_report
    report = build_report(store)          # counts, shares, distributions, top reasons
    report.to_dict()                      # `report --json`
    from core.report.html import report_html   # `report --html F`, the window's 导出 HTML…

Nothing here imports the export writer or the flows (the writer imports core.report.exports).
"""
