package fr.essor.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Nearest-point search over commune centroids: points bucketed in cells of {@value #CELL_DEG}°, searched
 * ring by ring around the query cell until no unvisited ring can hold anything closer. Immutable once built.
 */
final class GeoGrid<T> {
    static final double CELL_DEG = 0.1;
    private static final double KM_PER_DEG = 6371.0088 * Math.PI / 180;

    /** cell key → {from, to} in {@link #order}: the points of a cell are order[from..to). */
    private final Map<Integer, int[]> cells;
    private final int[] order;
    private final List<T> items;
    private final double[] lats, lons;

    private GeoGrid(Map<Integer, int[]> cells, int[] order, List<T> items, double[] lats, double[] lons) {
        this.cells = cells;
        this.order = order;
        this.items = items;
        this.lats = lats;
        this.lons = lons;
    }

    static final class Builder<T> {
        private final List<T> items = new ArrayList<>();
        private double[] lats = new double[1024], lons = new double[1024];

        void add(T item, double lat, double lon) {
            int i = items.size();
            if (i == lats.length) {
                lats = Arrays.copyOf(lats, i * 2);
                lons = Arrays.copyOf(lons, i * 2);
            }
            items.add(item);
            lats[i] = lat;
            lons[i] = lon;
        }

        GeoGrid<T> build() {
            int n = items.size();
            // sort (cell key, point index) pairs packed in longs, then cut runs of equal keys into cells
            long[] keyed = new long[n];
            for (int i = 0; i < n; i++) keyed[i] = ((long) key(cell(lats[i]), cell(lons[i])) << 32) | i;
            Arrays.sort(keyed);
            int[] order = new int[n];
            Map<Integer, int[]> cells = new HashMap<>(n / 2);
            for (int from = 0; from < n; ) {
                int k = (int) (keyed[from] >> 32);
                int to = from;
                while (to < n && (int) (keyed[to] >> 32) == k) {
                    order[to] = (int) keyed[to];
                    to++;
                }
                cells.put(k, new int[] {from, to});
                from = to;
            }
            return new GeoGrid<>(cells, order, List.copyOf(items), Arrays.copyOf(lats, n), Arrays.copyOf(lons, n));
        }
    }

    /** The nearest item within maxKm, or null. */
    T nearest(double lat, double lon, double maxKm) {
        int row = cell(lat), col = cell(lon);
        int best = -1;
        double bestKm = maxKm;
        // A cell of ring r lies at least (r - 1) cells away in latitude or in longitude; a degree of longitude is
        // the shorter, and shrinks with latitude: bound it at the furthest latitude the ring reaches.
        double kmPerCellAtPoint = CELL_DEG * KM_PER_DEG * Math.cos(Math.toRadians(Math.min(89, Math.abs(lat) + 1)));
        int maxRing = (int) Math.ceil(maxKm / kmPerCellAtPoint) + 2;
        for (int ring = 0; ring <= maxRing; ring++) {
            double reachLat = Math.min(89, Math.abs(lat) + (ring + 1) * CELL_DEG);
            double lowerBoundKm = (ring - 1) * CELL_DEG * KM_PER_DEG * Math.cos(Math.toRadians(reachLat));
            if (lowerBoundKm > bestKm) break;
            for (int dr = -ring; dr <= ring; dr++) {
                int step = (ring == 0 || Math.abs(dr) == ring) ? 1 : 2 * ring; // inner rows: only the two edge cells
                for (int dc = -ring; dc <= ring; dc += step) {
                    int[] span = cells.get(key(row + dr, col + dc));
                    if (span == null) continue;
                    for (int j = span[0]; j < span[1]; j++) {
                        int i = order[j];
                        double km = Geography.distanceKm(lat, lon, lats[i], lons[i]);
                        if (km < bestKm || (best < 0 && km <= bestKm)) {
                            bestKm = km;
                            best = i;
                        }
                    }
                }
            }
        }
        return best < 0 ? null : items.get(best);
    }

    private static int cell(double degrees) { return (int) Math.floor(degrees / CELL_DEG); }

    /** Unique for |row| < 1,000 and |col| < 2,000 (all of the globe at 0.1°), and a well-spread hash. */
    private static int key(int row, int col) { return row * 4096 + col; }
}
