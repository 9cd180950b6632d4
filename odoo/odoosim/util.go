package odoosim

import (
	"math"
	"strconv"
)

func itoa(n int) string { return strconv.Itoa(n) }

// round rounds half away from zero to the given decimals, like Odoo's
// float_round with rounding method HALF-UP used for currency amounts.
func round(x float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	v := x * p
	// Correct binary representation errors such as 2.675*100=267.49999.
	v = math.Round(v*1e6) / 1e6
	if v < 0 {
		return -math.Floor(-v+0.5) / p
	}
	return math.Floor(v+0.5) / p
}
