// Where a fix is, in words a worker uses: the grid it falls in and the nearest standard address.
"use strict";

function insidePolygon(lng, lat, polygon) {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i], [xj, yj] = polygon[j];
    if ((yi > lat) !== (yj > lat) && lng < (xj - xi) * (lat - yi) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Metres between two WGS-84 points (equirectangular: fine within a district). */
function metres(lng1, lat1, lng2, lat2) {
  const k = Math.PI / 180, x = (lng2 - lng1) * k * Math.cos((lat1 + lat2) / 2 * k), y = (lat2 - lat1) * k;
  return Math.sqrt(x * x + y * y) * 6371000;
}

/** {grid, address, distance} for a fix, from a snapshot's district (grids and the addresses we may see). */
function placeOf(district, lng, lat) {
  const grid = (district.grids || []).find((g) => insidePolygon(lng, lat, g.polygon)) || null;
  let address = null, distance = Infinity;
  for (const a of district.addresses || []) {
    const d = metres(lng, lat, a.lng, a.lat);
    if (d < distance) { address = a; distance = d; }
  }
  return {grid, address, distance};
}

/** Addresses nearest first (the first choices of an address picker). */
function addressesByDistance(district, fix) {
  const list = [...(district.addresses || [])];
  if (fix) list.sort((a, b) => metres(fix.lng, fix.lat, a.lng, a.lat) - metres(fix.lng, fix.lat, b.lng, b.lat));
  return list;
}
