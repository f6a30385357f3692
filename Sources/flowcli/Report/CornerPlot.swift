import Foundation

/// A corner plot of weighted posterior samples: the 1-D marginal of each
/// parameter on the diagonal (weighted histogram), the 2-D marginal of each
/// pair below it (smoothed weighted density, highest-density regions), truth
/// markers, tick labels on the outer panels only.
///
/// One layer is drawn filled; several layers (runs of a comparison) are drawn
/// as step lines and contour lines in their own styles. Cost: O(n) binning per
/// panel and layer, O(bins²) drawing; d(d+1)/2 panels.
struct CornerPlot {
    struct Layer {
        var label: String
        var style: RunStyle
        /// `columns[k]`: values of displayed parameter k, one per sample.
        var columns: [[Double]]
        /// Normalised sample weights (zero weights are skipped).
        var weights: [Double]
        var effectiveSampleSize: Double
    }

    var names: [String]
    var scales: [AxisScale]
    var layers: [Layer]
    /// Truth per parameter, nil where none was given.
    var truths: [Double?]
    var options: ReportOptions
    var width: Double

    static let gap = 6.0
    static let font = 10.0

    /// Panel side in pixels for the page width.
    var panel: Double {
        let d = Double(max(1, names.count))
        return min(d == 1 ? 320 : 210, max(70, (width - 90) / d - Self.gap))
    }

    func render(idPrefix: String) -> String {
        let d = names.count
        guard d > 0, !layers.isEmpty else { return "" }
        let p = panel
        let left = leftMargin(panel: p), top = 40.0, bottom = 50.0
        let size = left + Double(d) * (p + Self.gap) + 8
        var svg = SVGBuilder(width: size, height: top + Double(d) * (p + Self.gap) + bottom, idPrefix: idPrefix)
        for i in 0..<d {
            for j in 0...i {
                let frame = PlotFrame(x: left + Double(j) * (p + Self.gap), y: top + Double(i) * (p + Self.gap),
                                      width: p, height: p, xScale: scales[j],
                                      yScale: i == j ? AxisScale(lower: 0, upper: 1.08, isLog: false) : scales[i],
                                      fontSize: Self.font)
                var deco = PlotFrame.Decoration(xLabels: i == d - 1, yLabels: j == 0 && i != j, grid: true, overhang: 0)
                deco.yTicks = i != j
                frame.draw(into: &svg, decoration: deco)
                let clip = svg.clipRect(frame.x, frame.y, frame.width, frame.height)
                if i == j { drawDiagonal(i, frame: frame, clip: clip, into: &svg) }
                else { drawPair(x: j, y: i, frame: frame, clip: clip, into: &svg) }
            }
        }
        for k in 0..<d {
            let cx = left + Double(k) * (p + Self.gap) + p / 2
            svg.text(cx, top + Double(d) * (p + Self.gap) + 30, names[k] + (scales[k].isLog ? " (log)" : ""),
                     size: 12, anchor: .middle, weight: "600")
            if k > 0 {
                let cy = top + Double(k) * (p + Self.gap) + p / 2
                svg.text(14, cy, names[k] + (scales[k].isLog ? " (log)" : ""), size: 12, anchor: .middle, weight: "600", rotate: -90)
            }
        }
        return svg.markup
    }

    private func leftMargin(panel p: Double) -> Double {
        var widest = 0.0
        for k in scales.indices.dropFirst() {
            let ticks = scales[k].ticks(length: p, horizontal: false, fontSize: Self.font, overhang: 0)
            widest = max(widest, ticks.map { AxisScale.labelWidth($0.label, fontSize: Self.font) }.max() ?? 0)
        }
        return widest + 32
    }

    private func bins(_ layer: Layer, override: Int?, factor: Double, range: ClosedRange<Double>) -> Int {
        if let override { return override }
        let b = factor * layer.effectiveSampleSize.squareRoot()
        // Odd, so that a parameter without spread sits in the middle bin.
        return Int(min(range.upperBound, max(range.lowerBound, b.isFinite ? b : range.lowerBound))) | 1
    }

    private func drawDiagonal(_ k: Int, frame: PlotFrame, clip: String, into svg: inout SVGBuilder) {
        let filled = layers.count == 1
        for layer in layers {
            let h = Histogram(values: layer.columns[k], weights: layer.weights, scale: scales[k],
                              bins: bins(layer, override: options.histogramBins, factor: 2, range: 12...48))
            let peak = h.peak
            guard peak > 0 else { continue }
            var path = PathData()
            path.add(frame.x, frame.y + frame.height)
            for b in h.masses.indices {
                let (f0, f1) = h.edges(b)
                let y = frame.y + frame.height - h.masses[b] / peak * frame.height
                path.add(frame.x + f0 * frame.width, y)
                path.add(frame.x + f1 * frame.width, y)
            }
            path.add(frame.x + frame.width, frame.y + frame.height)
            if filled { svg.path(path.d + "Z", fill: layer.style.color, fillOpacity: 0.22, clip: clip) }
            svg.path(path.d, stroke: layer.style.color, width: filled ? 1.3 : 1.5, dash: layer.style.dash, clip: clip)
        }
        if filled, let layer = layers.first,
           let q = SampleTable.quantiles(layer.columns[k], weights: layer.weights, levels: [0.16, 0.5, 0.84]) {
            for v in q { if let x = frame.px(v) { svg.line(x, frame.y, x, frame.y + frame.height, stroke: layer.style.color, width: 1, dash: "3 2") } }
            title(names[k], median: q[1], lower: q[0], upper: q[2], frame: frame, into: &svg)
        } else {
            svg.text(frame.x + frame.width / 2, frame.y - 8, names[k], size: 11, anchor: .middle, weight: "600")
        }
        if let t = truths[k], let x = frame.px(t), x >= frame.x - 0.5, x <= frame.x + frame.width + 0.5 {
            svg.line(x, frame.y, x, frame.y + frame.height, stroke: Palette.truth, width: 1.6)
        }
    }

    /// The name above a diagonal panel and, under it, "median +a −b" (the
    /// 16–84% interval); both sit in the empty panel space above.
    private func title(_ name: String, median: Double, lower: Double, upper: Double, frame: PlotFrame, into svg: inout SVGBuilder) {
        let cx = frame.x + frame.width / 2
        svg.text(cx, frame.y - 19, name, size: 11, anchor: .middle, weight: "600")
        let interval = "\(NumberFormat.page.short(median)) +\(NumberFormat.page.short(upper - median, 2)) −\(NumberFormat.page.short(median - lower, 2))"
        if AxisScale.labelWidth(interval, fontSize: 10) <= frame.width + Self.gap {
            svg.text(cx, frame.y - 6, PlotFrame.typographic(interval), size: 10, anchor: .middle, fill: Palette.muted)
        }
    }

    private func drawPair(x: Int, y: Int, frame: PlotFrame, clip: String, into svg: inout SVGBuilder) {
        let filled = layers.count == 1
        for layer in layers {
            let density = Density2D(x: layer.columns[x], y: layer.columns[y], weights: layer.weights,
                                    xScale: scales[x], yScale: scales[y],
                                    bins: bins(layer, override: options.densityBins, factor: 1, range: 14...36),
                                    smoothing: options.densitySmoothing)
            let thresholds = density.thresholds()
            guard !thresholds.isEmpty else { continue }
            if filled { drawCells(density, thresholds: thresholds, color: layer.style.color, frame: frame, clip: clip, into: &svg) }
            for (level, threshold) in thresholds.enumerated() where filled || level < 2 {
                var d = ""
                for s in Contours.segments(density.cells, nx: density.nx, ny: density.ny, level: threshold) {
                    d += "M\(svg.n(frame.x + s.x0 * frame.width)) \(svg.n(frame.y + frame.height - s.y0 * frame.height))"
                        + "L\(svg.n(frame.x + s.x1 * frame.width)) \(svg.n(frame.y + frame.height - s.y1 * frame.height))"
                }
                svg.path(d, stroke: layer.style.color, width: filled ? 0.8 : (level == 0 ? 1.6 : 1.1),
                         dash: layer.style.dash, clip: clip)
            }
        }
        if let tx = truths[x], let ty = truths[y] {
            let px = frame.px(tx), py = frame.py(ty)
            if let px { svg.path("M\(svg.n(px)) \(svg.n(frame.y))V\(svg.n(frame.y + frame.height))", stroke: Palette.truth, width: 1.2, clip: clip) }
            if let py { svg.path("M\(svg.n(frame.x)) \(svg.n(py))H\(svg.n(frame.x + frame.width))", stroke: Palette.truth, width: 1.2, clip: clip) }
            if let px, let py { svg.path("M\(svg.n(px - 4)) \(svg.n(py))h8M\(svg.n(px)) \(svg.n(py - 4))v8", stroke: Palette.truth, width: 2.4, clip: clip) }
        } else {
            if let tx = truths[x], let px = frame.px(tx) {
                svg.path("M\(svg.n(px)) \(svg.n(frame.y))V\(svg.n(frame.y + frame.height))", stroke: Palette.truth, width: 1.2, clip: clip)
            }
            if let ty = truths[y], let py = frame.py(ty) {
                svg.path("M\(svg.n(frame.x)) \(svg.n(py))H\(svg.n(frame.x + frame.width))", stroke: Palette.truth, width: 1.2, clip: clip)
            }
        }
    }

    /// Shaded cells by highest-density level, runs of equal level in a row
    /// merged into one rectangle.
    private func drawCells(_ density: Density2D, thresholds: [Double], color: String, frame: PlotFrame,
                           clip: String, into svg: inout SVGBuilder) {
        let levels = density.levels(thresholds: thresholds)
        let opacity = [0.62, 0.36, 0.14]
        let cw = frame.width / Double(density.nx), ch = frame.height / Double(density.ny)
        var d = [String](repeating: "", count: thresholds.count)
        for iy in 0..<density.ny {
            var ix = 0
            while ix < density.nx {
                let level = levels[iy * density.nx + ix]
                var end = ix + 1
                while end < density.nx && levels[iy * density.nx + end] == level { end += 1 }
                if level < thresholds.count {
                    let x0 = frame.x + Double(ix) * cw, y0 = frame.y + frame.height - Double(iy + 1) * ch
                    // Overlap by a fraction of a pixel so that no hairline gaps show between cells.
                    d[level] += "M\(svg.n(x0)) \(svg.n(y0))h\(svg.n(Double(end - ix) * cw + 0.3))v\(svg.n(ch + 0.3))h\(svg.n(-(Double(end - ix) * cw + 0.3)))Z"
                }
                ix = end
            }
        }
        for level in d.indices { svg.path(d[level], fill: color, fillOpacity: opacity[min(level, opacity.count - 1)], clip: clip) }
    }
}
