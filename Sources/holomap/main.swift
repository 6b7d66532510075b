print("holomap")
