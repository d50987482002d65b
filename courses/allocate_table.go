package courses

// unitSessionTable holds a value per (municipality or department, session)
// pair, under the keys of allocationNetwork.municipalityKey and
// departmentKey. It is a plain array when units × sessions is not much
// more than the number of preferences — the usual case, a few dozen
// departments — and a map otherwise, so that a file of 150,000 one-person
// departments does not allocate an array of 225 million entries. The
// network builder looks up four such values per preference; in maps that
// was a tenth of the allocator's time at 15,000 people.
type unitSessionTable[T any] struct {
	dense  []T
	sparse map[int64]T
}

func newUnitSessionTable[T any](units, sessions, preferences int) unitSessionTable[T] {
	if n := int64(units) * int64(sessions); n <= 2*int64(preferences)+1024 {
		return unitSessionTable[T]{dense: make([]T, n)}
	}
	return unitSessionTable[T]{sparse: make(map[int64]T)}
}

// get returns the value under key, or the zero value if none was set.
func (t *unitSessionTable[T]) get(key int64) T {
	if t.sparse == nil {
		return t.dense[key]
	}
	return t.sparse[key]
}

func (t *unitSessionTable[T]) set(key int64, v T) {
	if t.sparse == nil {
		t.dense[key] = v
		return
	}
	t.sparse[key] = v
}

// each calls f for every value set (and, in the array, for the zero
// values of the pairs never set).
func (t *unitSessionTable[T]) each(f func(key int64, v T)) {
	if t.sparse == nil {
		for key, v := range t.dense {
			f(int64(key), v)
		}
		return
	}
	for key, v := range t.sparse {
		f(key, v)
	}
}
