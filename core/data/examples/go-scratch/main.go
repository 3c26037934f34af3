// Command hello serves a greeting from an image that holds nothing else.
package main

import (
	"log"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("Hello from an image built FROM scratch!\n"))
	})
	log.Fatal(http.ListenAndServe(":8080", nil))
}
