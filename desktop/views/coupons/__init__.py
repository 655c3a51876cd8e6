"""The coupons page (优惠券): templates, the designer, printed batches, issuing, stats."""
