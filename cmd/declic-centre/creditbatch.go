package main

import (
	"context"

	"declic/catalogue"
	"declic/ledger"
)

// creditFiles checks files on every core and credits the creditable ones as their
// checks arrive, all in one transaction of the ledger when the store allows it (a
// SQLite file: one disk write for the whole group instead of one per file). It then
// hands each file's result to use, in file order, once the transaction is committed:
// nothing is said credited before it is written, and when the commit fails, no file of
// the group is credited.
func creditFiles(ctx context.Context, store ledger.Store, in creditInput, files []string, cat *catalogue.Catalogue, use func(creditResult)) {
	results := make([]creditResult, 0, len(files))
	err := ledger.InBatch(ctx, store, func(w ledger.Writer) error {
		checkEach(files, in.Now, cat, func(c checked) { results = append(results, creditChecked(ctx, w, in, c)) })
		return nil
	})
	if err != nil {
		code, msg := explain(err, in.Centre)
		for i, r := range results {
			if r.Credited {
				results[i] = creditResult{File: r.File, Reason: code, Message: msg}
			}
		}
	}
	for _, r := range results {
		use(r)
	}
}
