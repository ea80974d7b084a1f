package io.tcpecho.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StackedXYAreaRenderer2;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.xy.DefaultTableXYDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws a continuity run's timeline with JFreeChart, headless: connections per backend stacked,
 * and the lines retried and lost each second as bars on a second axis.
 */
final class ContinuityPlot {

	private ContinuityPlot() {
	}

	static void draw(ContinuityReport report, Path file) throws IOException {
		System.setProperty("java.awt.headless", "true");
		Map<String, XYSeries> byBackend = new TreeMap<>();
		report.backends().keySet().forEach((name) -> byBackend.put(name, new XYSeries(name, false, false)));
		XYSeries retried = new XYSeries("lines retried");
		XYSeries lost = new XYSeries("lines lost");
		for (ContinuityReport.Second second : report.timeline()) {
			byBackend.forEach((name, series) -> series.add(second.second(),
					second.connectionsByBackend().getOrDefault(name, 0)));
			retried.add(second.second(), second.retried());
			lost.add(second.second(), second.lost());
		}
		DefaultTableXYDataset connections = new DefaultTableXYDataset();
		byBackend.values().forEach(connections::addSeries);
		XYPlot plot = new XYPlot(connections, new NumberAxis("seconds"), new NumberAxis("connections"),
				new StackedXYAreaRenderer2());
		XYSeriesCollection damage = new XYSeriesCollection();
		damage.addSeries(retried);
		damage.addSeries(lost);
		XYBarRenderer bars = new XYBarRenderer(0.2);
		bars.setBarPainter(new StandardXYBarPainter());
		bars.setShadowVisible(false);
		bars.setSeriesPaint(0, Color.ORANGE);
		bars.setSeriesPaint(1, Color.RED);
		// renderer and axis first: the plot sizes a new dataset's axis with the renderer at its index
		plot.setRenderer(1, bars);
		plot.setRangeAxis(1, new NumberAxis("lines per second"));
		plot.mapDatasetToRangeAxis(1, 1);
		plot.setDataset(1, damage);
		JFreeChart chart = new JFreeChart("tcp-echo continuity: connections per backend, lines retried and lost",
				JFreeChart.DEFAULT_TITLE_FONT, plot, true);
		ChartUtils.saveChartAsPNG(file.toFile(), chart, 1200, 600);
	}

}
