module example.com/hello-scratch

go 1.25
