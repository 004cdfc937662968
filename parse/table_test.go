package parse

// multiPlatformCodes returns a 352-row code table shaped like the
// multi-platform JMessage table users load with --codes: code 0; 6-digit
// codes in the blocks of the JMessage Android, iOS, Web and server tables
// (765xxx to 899xxx, the busiest blocks a little thinner); 7-digit server
// codes (7100001-style); and, as JPush and REST tables add, codes of 1 to
// 5 digits: 1-3, 20-21, HTTP statuses, 1000-1031 and 21001-23009. The same
// call gives the same table.
func multiPlatformCodes() []uint32 {
	c := []uint32{0, 1, 2, 3, 20, 21, 400, 401, 403, 404, 405, 410, 429, 500, 502, 503, 504}
	add := func(lo, n uint32) {
		for v := lo; v < lo+n; v++ {
			c = append(c, v)
		}
	}
	add(1000, 15)
	c = append(c, 1020, 1030, 1031)
	add(21001, 9)
	add(23001, 9)
	blocks := []struct{ prefix, n uint32 }{
		{765, 2}, {786, 1}, {787, 1}, {800, 8}, {801, 5}, {802, 1}, {803, 8}, {805, 5},
		{808, 6}, {810, 6}, {811, 5}, {812, 2}, {818, 6}, {819, 4}, {831, 1}, {832, 1},
		{833, 3}, {834, 1}, {835, 1}, {836, 1}, {842, 3}, {843, 1}, {847, 5}, {850, 1},
		{851, 7}, {852, 4}, {853, 2}, {855, 4}, {856, 2}, {857, 6}, {859, 2}, {860, 4},
		{861, 3}, {863, 8}, {864, 6}, {865, 4}, {866, 4}, {867, 2}, {868, 2}, {869, 1},
		{871, 43}, {872, 6}, {880, 30}, {881, 16}, {882, 7}, {898, 13}, {899, 25},
	}
	for _, b := range blocks {
		add(b.prefix*1000+1, b.n)
	}
	add(7100001, 3)
	add(7130001, 7)
	add(7131001, 2)
	add(7132001, 7)
	add(7133001, 1)
	return c
}
