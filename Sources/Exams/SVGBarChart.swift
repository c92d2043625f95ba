/// A bar chart of accuracies with 95% CI whiskers and baseline lines, as standalone SVG
/// written here (no script, no library): it opens in any browser and embeds in HTML.
///
/// Geometry: the plot area is `plotHeight` tall; a value v in [0, 1] gives a bar of height
/// v * plotHeight whose top sits at y = top + (1 - v) * plotHeight. Bars carry `data-value` so a
/// test (or a reader of the file) can check the mapping.
public struct SVGBarChart: Sendable {
    public struct Bar: Sendable, Equatable {
        public let label: String
        public let value: Double
        public let lower: Double?
        public let upper: Double?

        public init(label: String, value: Double, lower: Double? = nil, upper: Double? = nil) {
            self.label = label
            self.value = value
            self.lower = lower
            self.upper = upper
        }
    }

    public struct ReferenceLine: Sendable, Equatable {
        public let label: String
        public let value: Double

        public init(label: String, value: Double) {
            self.label = label
            self.value = value
        }
    }

    public let title: String
    public let bars: [Bar]
    public let references: [ReferenceLine]
    public let plotHeight = 240.0
    let top = 40.0, left = 56.0, barWidth = 36.0, gap = 20.0, bottom = 90.0, right = 150.0

    public init(title: String, bars: [Bar], references: [ReferenceLine] = []) {
        self.title = title
        self.bars = bars
        self.references = references
    }

    /// Bars of each group's accuracy with its Wilson interval, and the overall baselines.
    public init(report: RunReport) {
        let groups = report.byTag.isEmpty ? [report.overall] : [report.overall] + report.byTag
        var references: [ReferenceLine] = []
        if let constant = report.overall.baselines.constantAccuracy, let label = report.overall.baselines.bestConstantLabel {
            references.append(ReferenceLine(label: "always \(label)", value: constant))
        }
        if let uniform = report.overall.baselines.uniformAccuracy {
            references.append(ReferenceLine(label: "uniform", value: uniform))
        }
        self.init(title: "\(report.run) on \(report.datasetName)",
                  bars: groups.map { Bar(label: $0.name, value: $0.summary.accuracy.value ?? 0,
                                         lower: $0.summary.interval.lower, upper: $0.summary.interval.upper) },
                  references: references)
    }

    func y(_ value: Double) -> Double { top + (1 - min(1, max(0, value))) * plotHeight }

    public var svg: String {
        let f = ReportFormat.coordinate
        let width = left + Double(bars.count) * (barWidth + gap) + gap + right
        let height = top + plotHeight + bottom
        var out = ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(f(width))" height="\##(f(height))" viewBox="0 0 \##(f(width)) \##(f(height))" font-family="sans-serif" font-size="11">"##
        out += "\n<title>\(ReportFormat.xml(title))</title>\n"
        out += ##"<text x="\##(f(left))" y="20" font-size="14">\##(ReportFormat.xml(title))</text>"## + "\n"
        // Axis with ticks every 20%.
        let axisEnd = width - right
        for tick in stride(from: 0, through: 100, by: 20) {
            let ty = y(Double(tick) / 100)
            out += ##"<line class="grid" x1="\##(f(left))" y1="\##(f(ty))" x2="\##(f(axisEnd))" y2="\##(f(ty))" stroke="#ddd"/>"## + "\n"
            out += ##"<text x="\##(f(left - 6))" y="\##(f(ty + 4))" text-anchor="end">\##(tick)%</text>"## + "\n"
        }
        for (index, bar) in bars.enumerated() {
            let x = left + gap + Double(index) * (barWidth + gap)
            let barTop = y(bar.value)
            out += ##"<rect class="bar" data-label="\##(ReportFormat.xml(bar.label))" data-value="\##(bar.value)" x="\##(f(x))" y="\##(f(barTop))" width="\##(f(barWidth))" height="\##(f(top + plotHeight - barTop))" fill="#4c78a8"/>"## + "\n"
            if let lower = bar.lower, let upper = bar.upper {
                let cx = x + barWidth / 2
                out += ##"<g class="ci" data-lower="\##(lower)" data-upper="\##(upper)" stroke="#222">"##
                out += ##"<line x1="\##(f(cx))" y1="\##(f(y(lower)))" x2="\##(f(cx))" y2="\##(f(y(upper)))"/>"##
                out += ##"<line x1="\##(f(cx - 6))" y1="\##(f(y(lower)))" x2="\##(f(cx + 6))" y2="\##(f(y(lower)))"/>"##
                out += ##"<line x1="\##(f(cx - 6))" y1="\##(f(y(upper)))" x2="\##(f(cx + 6))" y2="\##(f(y(upper)))"/></g>"## + "\n"
            }
            let labelY = top + plotHeight + 14
            out += ##"<text x="\##(f(x + barWidth / 2))" y="\##(f(labelY))" text-anchor="end" transform="rotate(-40 \##(f(x + barWidth / 2)) \##(f(labelY)))">\##(ReportFormat.xml(bar.label))</text>"## + "\n"
        }
        for reference in references {
            let ry = y(reference.value)
            out += ##"<line class="reference" data-value="\##(reference.value)" x1="\##(f(left))" y1="\##(f(ry))" x2="\##(f(axisEnd))" y2="\##(f(ry))" stroke="#e45756" stroke-dasharray="4 3"/>"## + "\n"
            out += ##"<text x="\##(f(axisEnd + 4))" y="\##(f(ry + 4))" fill="#e45756">\##(ReportFormat.xml(reference.label)) \##(ReportFormat.percent(reference.value))</text>"## + "\n"
        }
        out += "</svg>\n"
        return out
    }
}
