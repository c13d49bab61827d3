package main

func Equal[T interface{ U }, U interface{ T }](x, y T) bool { return x == y }

func main() {}
