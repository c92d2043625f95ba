import Scoring

/// A reliability diagram as standalone SVG: each non-empty bin of a `CalibrationReport` as a
/// point at (mean confidence, accuracy), its area growing with the bin's count, joined by a
/// line, against the diagonal of perfect calibration. x and y map [0, 1] onto `size` pixels:
/// x = left + value * size, y = top + (1 - value) * size.
public struct SVGCalibrationPlot: Sendable {
    public let title: String
    public let report: CalibrationReport
    public let size = 280.0
    let left = 50.0, top = 40.0

    public init(title: String, report: CalibrationReport) {
        self.title = title
        self.report = report
    }

    func x(_ value: Double) -> Double { left + value * size }
    func y(_ value: Double) -> Double { top + (1 - value) * size }

    public var svg: String {
        let f = ReportFormat.coordinate
        let width = left + size + 30, height = top + size + 50
        var out = ##"<svg xmlns="http://www.w3.org/2000/svg" width="\##(f(width))" height="\##(f(height))" viewBox="0 0 \##(f(width)) \##(f(height))" font-family="sans-serif" font-size="11">"##
        out += "\n<title>\(ReportFormat.xml(title))</title>\n"
        out += ##"<text x="\##(f(left))" y="20" font-size="14">\##(ReportFormat.xml(title)) (ECE \##(ReportFormat.percent(report.expectedCalibrationError)))</text>"## + "\n"
        out += ##"<rect class="frame" x="\##(f(left))" y="\##(f(top))" width="\##(f(size))" height="\##(f(size))" fill="none" stroke="#999"/>"## + "\n"
        out += ##"<line class="diagonal" x1="\##(f(x(0)))" y1="\##(f(y(0)))" x2="\##(f(x(1)))" y2="\##(f(y(1)))" stroke="#999" stroke-dasharray="4 3"/>"## + "\n"
        for tick in stride(from: 0, through: 100, by: 20) {
            let v = Double(tick) / 100
            out += ##"<text x="\##(f(x(v)))" y="\##(f(top + size + 14))" text-anchor="middle">\##(tick)%</text>"## + "\n"
            out += ##"<text x="\##(f(left - 6))" y="\##(f(y(v) + 4))" text-anchor="end">\##(tick)%</text>"## + "\n"
        }
        out += ##"<text x="\##(f(x(0.5)))" y="\##(f(top + size + 34))" text-anchor="middle">confidence</text>"## + "\n"
        var points: [String] = []
        for bin in report.bins {
            guard let confidence = bin.meanConfidence, let accuracy = bin.accuracy else { continue }
            points.append("\(f(x(confidence))),\(f(y(accuracy)))")
        }
        if points.count > 1 {
            out += ##"<polyline class="reliability" points="\##(points.joined(separator: " "))" fill="none" stroke="#4c78a8"/>"## + "\n"
        }
        let largest = Double(report.bins.map(\.count).max() ?? 1)
        for bin in report.bins {
            guard let confidence = bin.meanConfidence, let accuracy = bin.accuracy else { continue }
            // Area proportional to count: radius grows with its square root, 3 to 9 pixels.
            let radius = 3 + 6 * (Double(bin.count) / largest).squareRoot()
            out += ##"<circle class="bin" data-confidence="\##(confidence)" data-accuracy="\##(accuracy)" data-count="\##(bin.count)" cx="\##(f(x(confidence)))" cy="\##(f(y(accuracy)))" r="\##(f(radius))" fill="#4c78a8"/>"## + "\n"
        }
        out += "</svg>\n"
        return out
    }
}
